using Marten.Schema;
using Provisioning.Contracts;

namespace Provisioning.Engine.Fleet;

/// <summary>
/// The latest word from one host's agent. A document, not an event stream: a heartbeat is state that the
/// next one replaces, not something anyone audits later, and a stream would grow by thousands of events a day
/// per host for nothing.
/// </summary>
public sealed class HostRecord
{
    /// <summary>The host name in lower case: host names are case-insensitive, and so are the agents' queues.</summary>
    public string Id { get; set; } = "";

    /// <summary>
    /// Marten's optimistic-concurrency version: two heartbeats of one host stored at once (a backlog after an
    /// engine restart, or two replicas) must not both build on the same old record and lose the start time.
    /// </summary>
    [Version]
    public Guid Version { get; set; }

    /// <summary>The host name as the agent announced it.</summary>
    public string Name { get; set; } = "";

    /// <summary>When the agent read the facts below (the agent's clock).</summary>
    public DateTimeOffset ReportedAt { get; set; }

    /// <summary>When the agent last (re)started, from its first heartbeat; null when that one never arrived.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    public int Cpus { get; set; }
    public long MemoryMiB { get; set; }
    public long FreeMemoryMiB { get; set; }
    public long PoolCapacityBytes { get; set; }
    public long PoolAvailableBytes { get; set; }
    public string LibvirtVersion { get; set; } = "";
    public string HypervisorVersion { get; set; } = "";
    public string OvsVersion { get; set; } = "";
    public bool Kvm { get; set; }
    public string LibvirtUri { get; set; } = "";
    public int HeartbeatSeconds { get; set; }

    /// <summary>Every domain defined on the host, with its size (what placement counts as taken).</summary>
    public List<GuestAllocation> Guests { get; set; } = [];

    /// <summary>Open vSwitch bridges on the host.</summary>
    public List<string> Bridges { get; set; } = [];

    /// <summary>libvirt networks on the host.</summary>
    public List<string> Networks { get; set; } = [];

    /// <summary>The agent's cap on guest memory; null for none.</summary>
    public long? MaxGuestMemoryMiB { get; set; }

    /// <summary>The agent's cap on guest vCPUs; null for none.</summary>
    public int? MaxGuestVcpus { get; set; }

    /// <summary>How many commands its agent runs at once (null from older agents): the engine keeps no more outstanding there.</summary>
    public int? CommandSlots { get; set; }

    /// <summary>When the engine first heard of this host.</summary>
    public DateTimeOffset FirstSeenAt { get; set; }

    /// <summary>When the engine last heard from this host (the engine's clock, so agents' clock drift does not matter).</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The document id of a host name.</summary>
    public static string IdOf(string host) => host.Trim().ToLowerInvariant();

    /// <summary>
    /// The record after <paramref name="beat"/> arrived at <paramref name="now"/>, or null when the beat is not
    /// newer than what is known (a redelivery, or an old one overtaken on a busy queue). A starting beat always
    /// counts, so an agent whose clock was set back recovers by restarting.
    /// </summary>
    public static HostRecord? After(HostRecord? known, AgentHeartbeat beat, DateTimeOffset now)
    {
        if (known is not null && !beat.Starting && beat.At <= known.ReportedAt) return null;
        return new HostRecord
        {
            Id = IdOf(beat.Host),
            Version = known?.Version ?? Guid.Empty,
            Name = beat.Host,
            ReportedAt = beat.At,
            StartedAt = beat.Starting ? beat.At : known?.StartedAt,
            Cpus = beat.Cpus,
            MemoryMiB = beat.MemoryMiB,
            FreeMemoryMiB = beat.FreeMemoryMiB,
            PoolCapacityBytes = beat.PoolCapacityBytes,
            PoolAvailableBytes = beat.PoolAvailableBytes,
            LibvirtVersion = beat.LibvirtVersion,
            HypervisorVersion = beat.HypervisorVersion,
            OvsVersion = beat.OvsVersion,
            Kvm = beat.Kvm,
            LibvirtUri = beat.LibvirtUri,
            HeartbeatSeconds = beat.HeartbeatSeconds,
            Guests = [.. beat.Guests ?? []],
            Bridges = [.. beat.Bridges ?? []],
            Networks = [.. beat.Networks ?? []],
            MaxGuestMemoryMiB = beat.MaxGuestMemoryMiB,
            MaxGuestVcpus = beat.MaxGuestVcpus,
            CommandSlots = beat.CommandSlots,
            FirstSeenAt = known?.FirstSeenAt ?? now,
            LastSeenAt = known is null || now > known.LastSeenAt ? now : known.LastSeenAt,
        };
    }
}
