using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;

namespace Provisioning.Agent.Tests.Libvirt;

/// <summary>
/// One real guest end to end on QEMU/KVM: pool, qcow2 volume, domain defined, booted, observed
/// running, destroyed and removed, with the host left as it was.
/// </summary>
public sealed class SystemDriverDomainTests : IDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);
    private readonly LibvirtConnection libvirt = LibvirtConnection.Open(TestRun.SystemUri);
    private readonly Cleanup cleanup = new();

    public void Dispose()
    {
        try { cleanup.Dispose(); }
        finally { libvirt.Dispose(); }
    }

    [Fact]
    public void the_connection_reports_qemu_and_its_versions()
    {
        Assert.False(libvirt.IsTestDriver);
        Assert.True(libvirt.IsAlive);
        Assert.Equal("QEMU", libvirt.HypervisorType);
        Assert.Matches(@"^\d+\.\d+\.\d+$", libvirt.LibVersion);
        Assert.Matches(@"^\d+\.\d+\.\d+$", libvirt.HypervisorVersion);
        Assert.True(libvirt.GetNodeInfo().MemoryKiB > 0);
        Assert.True(libvirt.GetFreeMemoryBytes() > 0);
    }

    [Fact]
    public async Task a_guest_on_a_pool_volume_boots_runs_and_is_removed_without_a_trace()
    {
        var poolName = TestRun.Name("p");
        var poolPath = $"/var/lib/provisioning/test-pools/{poolName}";
        var volumeName = TestRun.Name("v") + ".qcow2";
        var serialLog = Path.Combine(Path.GetTempPath(), TestRun.Name("s") + ".serial.log");
        cleanup.Add($"delete pool {poolName}", () => libvirt.DeletePool(poolName));
        cleanup.Add($"delete serial log {serialLog}", () => File.Delete(serialLog));

        Assert.True(libvirt.EnsureDirPool(poolName, poolPath));
        Assert.False(libvirt.EnsureDirPool(poolName, poolPath));
        Assert.True(Directory.Exists(poolPath));

        var volume = libvirt.CreateVolume(poolName, VolumeXml.Qcow2(volumeName, 1));
        cleanup.Add($"delete volume {volumeName}", () =>
        {
            if (libvirt.FindPool(poolName) is { Active: true } && libvirt.FindVolume(poolName, volumeName) is not null)
                libvirt.DeleteVolume(poolName, volumeName);
        });
        Assert.Equal(1L << 30, volume.CapacityBytes);
        Assert.Equal($"{poolPath}/{volumeName}", volume.Path);
        Assert.True(File.Exists(volume.Path));
        Assert.Equal(LibvirtErrorCode.StorageVolExist,
            Assert.Throws<LibvirtException>(() => libvirt.CreateVolume(poolName, VolumeXml.Qcow2(volumeName, 1))).Code);

        var spec = Specs.Domain(TestRun.Name("d"), File.Exists("/dev/kvm") ? "kvm" : "qemu", volume.Path, serialLog);
        // libvirt keeps a per-domain QEMU log after the domain is gone; it carries the run prefix too.
        cleanup.Add($"delete QEMU log of {spec.Name}", () => File.Delete($"/var/log/libvirt/qemu/{spec.Name}.log"));
        libvirt.DefineDomain(DomainXml.Build(spec));
        cleanup.Add($"remove domain {spec.Name}", () =>
        {
            if (libvirt.FindDomain(spec.Uuid) is not { } d) return;
            if (d.Active) libvirt.DestroyDomain(spec.Uuid);
            libvirt.UndefineDomain(spec.Uuid);
        });
        Assert.Equal(DomainState.Shutoff, libvirt.FindDomain(spec.Name)!.State);

        libvirt.StartDomain(spec.Uuid);
        await Eventually.Until(() => Task.FromResult(libvirt.GetDomainState(spec.Uuid)), s => s == DomainState.Running, BootTimeout, "the guest to run");
        // Proof that QEMU really executes the guest: its firmware writes to the serial console.
        await Eventually.Until(() => Task.FromResult(ReadShared(serialLog)), log => log.Contains("SeaBIOS", StringComparison.Ordinal), BootTimeout, "SeaBIOS on the serial log");
        Assert.Equal(LibvirtErrorCode.OperationInvalid, Assert.Throws<LibvirtException>(() => libvirt.StartDomain(spec.Uuid)).Code);
        Assert.Equal(DomainState.Running, libvirt.GetDomainState(spec.Uuid));
        Assert.Equal([volume.Path], DomainXml.DiskPaths(libvirt.GetDomainXml(spec.Uuid, inactive: false)));

        // A graceful shutdown is only a request (ACPI): a guest without an OS ignores it, so destroy.
        libvirt.ShutdownDomain(spec.Uuid);
        libvirt.DestroyDomain(spec.Uuid);
        Assert.Equal(DomainState.Shutoff, libvirt.GetDomainState(spec.Uuid));
        Assert.Equal(LibvirtErrorCode.OperationInvalid, Assert.Throws<LibvirtException>(() => libvirt.DestroyDomain(spec.Uuid)).Code);
        Assert.Equal(LibvirtErrorCode.OperationInvalid, Assert.Throws<LibvirtException>(() => libvirt.ShutdownDomain(spec.Uuid)).Code);
        libvirt.UndefineDomain(spec.Uuid);
        Assert.Null(libvirt.FindDomain(spec.Uuid));

        libvirt.DeleteVolume(poolName, volumeName);
        Assert.False(File.Exists(volume.Path));
        libvirt.DeletePool(poolName);
        Assert.Null(libvirt.FindPool(poolName));
        Assert.False(Directory.Exists(poolPath));
    }

    /// <summary>Reads a file virtlogd still has open for writing.</summary>
    private static string ReadShared(string path)
    {
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Fact]
    public void defining_an_existing_name_with_another_uuid_fails_with_operation_failed()
    {
        var spec = Specs.Domain(TestRun.Name("d"), "qemu", "/nonexistent/disk.qcow2");
        libvirt.DefineDomain(DomainXml.Build(spec));
        cleanup.Add($"undefine {spec.Name}", () => libvirt.UndefineDomain(spec.Uuid));

        var error = Assert.Throws<LibvirtException>(() => libvirt.DefineDomain(DomainXml.Build(spec with { Uuid = Guid.NewGuid() })));

        Assert.Equal(LibvirtErrorCode.OperationFailed, error.Code);
        libvirt.DefineDomain(DomainXml.Build(spec with { MemoryMiB = 96 }));
        Assert.Single(libvirt.ListDomains(), d => d.Name == spec.Name);
    }

    [Fact]
    public void xml_metacharacters_in_title_and_metadata_round_trip_through_libvirt()
    {
        const string nasty = "x<y>&z'q\"]]>";
        var spec = Specs.Domain(TestRun.Name("d"), "qemu", "/nonexistent/disk.qcow2") with
        {
            Title = nasty,
            Metadata = new Dictionary<string, string> { ["requestId"] = nasty, ["ticket"] = "OPS-<1>", ["actor"] = "a&b" },
        };
        libvirt.DefineDomain(DomainXml.Build(spec));
        cleanup.Add($"undefine {spec.Name}", () => libvirt.UndefineDomain(spec.Uuid));

        var stored = libvirt.GetDomainXml(spec.Uuid, inactive: true);

        Assert.Equal(spec.Metadata, DomainXml.Metadata(stored));
        Assert.Equal(nasty, (string?)System.Xml.Linq.XElement.Parse(stored).Element("title"));
    }

    [Fact]
    public void finding_a_missing_domain_returns_null()
    {
        Assert.Null(libvirt.FindDomain(Guid.NewGuid()));
        Assert.Null(libvirt.FindDomain(TestRun.Name("missing")));
        Assert.Equal(LibvirtErrorCode.NoDomain, Assert.Throws<LibvirtException>(() => libvirt.GetDomainState(Guid.NewGuid())).Code);
    }

    [Fact]
    public void a_missing_pool_or_volume_is_reported_as_such()
    {
        var poolName = TestRun.Name("p");
        cleanup.Add($"delete pool {poolName}", () => libvirt.DeletePool(poolName));

        Assert.Null(libvirt.FindPool(poolName));
        libvirt.DeletePool(poolName);
        libvirt.EnsureDirPool(poolName, $"/var/lib/provisioning/test-pools/{poolName}");

        Assert.Null(libvirt.FindVolume(poolName, "nope.qcow2"));
        Assert.Equal(LibvirtErrorCode.NoStorageVol, Assert.Throws<LibvirtException>(() => libvirt.DeleteVolume(poolName, "nope.qcow2")).Code);
    }
}
