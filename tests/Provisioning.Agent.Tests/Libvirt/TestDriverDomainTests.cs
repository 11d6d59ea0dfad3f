using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;

namespace Provisioning.Agent.Tests.Libvirt;

/// <summary>Domain lifecycle through the C API against libvirt's in-process test driver.</summary>
public sealed class TestDriverDomainTests : IDisposable
{
    private readonly LibvirtConnection libvirt = LibvirtConnection.Open("test:///default");
    private readonly Cleanup cleanup = new();

    public void Dispose()
    {
        try { cleanup.Dispose(); }
        finally { libvirt.Dispose(); }
    }

    private DomainSpec Define(string tag = "d")
    {
        var spec = Specs.TestDomain(TestRun.Name(tag));
        libvirt.DefineDomain(DomainXml.Build(spec));
        cleanup.Add($"undefine {spec.Name}", () =>
        {
            if (libvirt.FindDomain(spec.Uuid) is not { } d) return;
            if (d.Active) libvirt.DestroyDomain(spec.Uuid);
            libvirt.UndefineDomain(spec.Uuid);
        });
        return spec;
    }

    [Fact]
    public void the_connection_reports_the_test_driver()
    {
        Assert.True(libvirt.IsTestDriver);
        Assert.True(libvirt.IsAlive);
        Assert.Equal("TEST", libvirt.HypervisorType);
        Assert.Matches(@"^\d+\.\d+\.\d+$", libvirt.LibVersion);
        Assert.True(libvirt.GetNodeInfo().Cpus > 0);
    }

    [Fact]
    public void a_defined_domain_is_found_by_uuid_and_by_name()
    {
        var spec = Define();

        var byUuid = libvirt.FindDomain(spec.Uuid);
        var byName = libvirt.FindDomain(spec.Name);

        Assert.NotNull(byUuid);
        Assert.Equal(byUuid, byName);
        Assert.Equal(spec.Name, byUuid.Name);
        Assert.Equal(DomainState.Shutoff, byUuid.State);
        Assert.False(byUuid.Active);
        Assert.True(byUuid.Persistent);
        Assert.Equal(64 * 1024, byUuid.MaxMemoryKiB);
        Assert.Equal(1, byUuid.Vcpus);
        Assert.Contains(libvirt.ListDomains(), d => d.Uuid == spec.Uuid);
    }

    [Fact]
    public void defining_the_same_domain_twice_keeps_one_domain()
    {
        var spec = Define();

        libvirt.DefineDomain(DomainXml.Build(spec with { MemoryMiB = 128 }));

        Assert.Single(libvirt.ListDomains(), d => d.Name == spec.Name);
        Assert.Equal(128 * 1024, libvirt.FindDomain(spec.Uuid)!.MaxMemoryKiB);
    }

    [Fact]
    public void defining_an_existing_name_with_another_uuid_fails_with_operation_failed()
    {
        var spec = Define();

        var error = Assert.Throws<LibvirtException>(() => libvirt.DefineDomain(DomainXml.Build(spec with { Uuid = Guid.NewGuid() })));

        Assert.Equal(LibvirtErrorCode.OperationFailed, error.Code);
        Assert.Equal("virDomainDefineXML", error.Operation);
        Assert.Single(libvirt.ListDomains(), d => d.Name == spec.Name);
    }

    [Fact]
    public void a_started_domain_runs_until_it_is_destroyed()
    {
        var spec = Define();

        libvirt.StartDomain(spec.Uuid);
        Assert.Equal(DomainState.Running, libvirt.GetDomainState(spec.Uuid));
        Assert.True(libvirt.FindDomain(spec.Uuid)!.Active);

        libvirt.DestroyDomain(spec.Uuid);
        Assert.Equal(DomainState.Shutoff, libvirt.GetDomainState(spec.Uuid));
    }

    [Fact]
    public void starting_a_running_domain_fails_with_internal_error_on_the_test_driver()
    {
        var spec = Define();
        libvirt.StartDomain(spec.Uuid);

        var error = Assert.Throws<LibvirtException>(() => libvirt.StartDomain(spec.Uuid));

        // "Domain is already active": QEMU says OperationInvalid here, the test driver InternalError.
        Assert.Equal(LibvirtErrorCode.InternalError, error.Code);
    }

    [Fact]
    public void destroying_a_stopped_domain_fails_with_operation_invalid()
    {
        var spec = Define();

        var error = Assert.Throws<LibvirtException>(() => libvirt.DestroyDomain(spec.Uuid));

        Assert.Equal(LibvirtErrorCode.OperationInvalid, error.Code);
    }

    [Fact]
    public void shutting_down_a_stopped_domain_fails_with_internal_error_on_the_test_driver()
    {
        var spec = Define();

        // QEMU says OperationInvalid here.
        Assert.Equal(LibvirtErrorCode.InternalError, Assert.Throws<LibvirtException>(() => libvirt.ShutdownDomain(spec.Uuid)).Code);
    }

    [Fact]
    public void an_undefined_domain_is_gone()
    {
        var spec = Define();

        libvirt.UndefineDomain(spec.Uuid);

        Assert.Null(libvirt.FindDomain(spec.Uuid));
        Assert.Null(libvirt.FindDomain(spec.Name));
    }

    [Fact]
    public void finding_a_missing_domain_returns_null_and_acting_on_it_fails_with_no_domain()
    {
        var missing = Guid.NewGuid();

        Assert.Null(libvirt.FindDomain(missing));
        Assert.Null(libvirt.FindDomain(TestRun.Name("missing")));
        Assert.Equal(LibvirtErrorCode.NoDomain, Assert.Throws<LibvirtException>(() => libvirt.StartDomain(missing)).Code);
    }

    [Fact]
    public void the_domain_xml_keeps_the_provisioning_metadata()
    {
        var spec = Define();

        var xml = libvirt.GetDomainXml(spec.Uuid, inactive: true);

        Assert.Equal(spec.Metadata, DomainXml.Metadata(xml));
        Assert.Equal(["/var/lib/test/" + spec.Name + ".qcow2"], DomainXml.DiskPaths(xml));
    }

    [Fact]
    public void a_nic_added_to_the_definition_is_found_in_the_domain_xml()
    {
        var spec = Define();
        const string mac = "52:54:00:12:34:56";
        var xml = DomainXml.WithInterface(libvirt.GetDomainXml(spec.Uuid, inactive: true),
            DomainXml.InterfaceElement("default", "vlan-100", mac, Guid.NewGuid().ToString()));

        libvirt.DefineDomain(xml);

        var stored = libvirt.GetDomainXml(spec.Uuid, inactive: true);
        Assert.Equal(("default", "vlan-100"), DomainXml.InterfaceOf(stored, mac));
        libvirt.DefineDomain(DomainXml.WithoutInterface(stored, mac));
        Assert.False(DomainXml.HasInterface(libvirt.GetDomainXml(spec.Uuid, inactive: true), mac));
    }

    [Fact]
    public void arguments_are_checked_and_a_disposed_connection_refuses_calls()
    {
        Assert.Throws<ArgumentException>(() => libvirt.FindDomain(""));
        Assert.Throws<ArgumentException>(() => libvirt.FindDomain(Guid.Empty));
        Assert.Throws<ArgumentException>(() => libvirt.FindNetwork(" "));
        Assert.Throws<ArgumentException>(() => libvirt.FindVolume("pool", ""));

        var other = LibvirtConnection.Open("test:///default");
        other.Dispose();
        Assert.False(other.IsAlive);
        Assert.Throws<ObjectDisposedException>(() => other.ListDomains());
        Assert.Throws<ObjectDisposedException>(() => other.FindNetwork("default"));
    }

    [Fact]
    public void opening_an_unknown_uri_fails_with_a_typed_error()
    {
        var error = Assert.Throws<LibvirtException>(() => LibvirtConnection.Open("nosuchdriver:///x"));

        Assert.NotEqual(LibvirtErrorCode.Ok, error.Code);
        Assert.Equal("virConnectOpen", error.Operation);
    }
}
