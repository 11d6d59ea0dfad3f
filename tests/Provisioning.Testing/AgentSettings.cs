using System.Globalization;

namespace Provisioning.Testing;

/// <summary>
/// What one agent of a stack serves: its host name, its libvirt, and where its storage pool and serial logs go; plus
/// the guest CPU mode and OVS datapath it is told (null: not set, the agent's own default or the environment's).
/// </summary>
public sealed record AgentSettings(string HostName, string LibvirtUri, string Pool, string PoolPath, string SerialLogDirectory)
{
    /// <summary>A named model: host-passthrough crashes QEMU inside a VM (nested KVM).</summary>
    public string? CpuMode { get; init; } = "custom:qemu64";

    public string? DatapathType { get; init; } = "auto";

    /// <summary>What the agent puts before bridge and network names, so several agents on one machine keep apart.</summary>
    public string? BridgeNamePrefix { get; init; }

    /// <summary>The libvirt domain type (null: the agent's <c>auto</c>); <c>qemu</c> (TCG) where KVM cannot boot a kernel, as on these nested machines.</summary>
    public string? DomainType { get; init; }

    /// <summary>How long boot waits for an image VM's OS (null: the agent's default).</summary>
    public int? GuestReadyTimeoutSeconds { get; init; }

    /// <summary>How often it heartbeats (null: its default).</summary>
    public int? HeartbeatSeconds { get; init; }

    /// <summary>The pool of base images: the run's own, beside the VM pool (so the sweep of the run's names removes it).</summary>
    public string ImagePool => Pool + "-img";

    public string ImagePoolPath => PoolPath + "-img";

    /// <summary>Where the agent records its images' SHA-256 and importers, and stages downloads.</summary>
    public string ImageMetadataDirectory => PoolPath + "-imgmeta";

    /// <summary>Where the agent keeps its command ledger: the run's own, so a restarted agent finds it and the run removes it.</summary>
    public string StateDirectory => PoolPath + "-state";

    /// <summary>The agent's settings as environment variables.</summary>
    public Dictionary<string, string> ToEnvironment()
    {
        var settings = new Dictionary<string, string>
        {
            ["Agent__HostName"] = HostName,
            ["Agent__LibvirtUri"] = LibvirtUri,
            ["Agent__StoragePool"] = Pool,
            ["Agent__StoragePoolPath"] = PoolPath,
            ["Agent__SerialLogDirectory"] = SerialLogDirectory,
            ["Agent__ImagePool"] = ImagePool,
            ["Agent__ImagePoolPath"] = ImagePoolPath,
            ["Agent__ImageMetadataDirectory"] = ImageMetadataDirectory,
            ["Agent__StateDirectory"] = StateDirectory,
        };
        if (BridgeNamePrefix is not null) settings["Agent__BridgeNamePrefix"] = BridgeNamePrefix;
        if (CpuMode is not null) settings["Agent__CpuMode"] = CpuMode;
        if (DatapathType is not null) settings["Agent__DatapathType"] = DatapathType;
        if (HeartbeatSeconds is { } seconds) settings["Agent__HeartbeatSeconds"] = seconds.ToString(CultureInfo.InvariantCulture);
        if (DomainType is not null) settings["Agent__DomainType"] = DomainType;
        if (GuestReadyTimeoutSeconds is { } ready) settings["Agent__GuestReadyTimeoutSeconds"] = ready.ToString(CultureInfo.InvariantCulture);
        return settings;
    }
}
