using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Tests.Libvirt;

/// <summary>Network lifecycle and portgroup edits against the test driver (which accepts but ignores VLANs).</summary>
public sealed class TestDriverNetworkTests : IDisposable
{
    private readonly LibvirtConnection libvirt = LibvirtConnection.Open("test:///default");
    private readonly Cleanup cleanup = new();

    public void Dispose()
    {
        try { cleanup.Dispose(); }
        finally { libvirt.Dispose(); }
    }

    private string Define(params int[] vlans)
    {
        var name = TestRun.Name("n");
        libvirt.DefineNetwork(NetworkXml.Build(name, name, vlans, VlanIds.Native));
        cleanup.Add($"remove network {name}", () =>
        {
            if (libvirt.FindNetwork(name) is not { } n) return;
            if (n.Active) libvirt.DestroyNetwork(name);
            if (n.Persistent) libvirt.UndefineNetwork(name);
        });
        return name;
    }

    [Fact]
    public void a_defined_network_is_inactive_until_started()
    {
        var name = Define(100, 200);

        Assert.Equal(new NetworkInfo(name, libvirt.FindNetwork(name)!.Uuid, Active: false, Persistent: true, Autostart: false), libvirt.FindNetwork(name));

        libvirt.StartNetwork(name);
        libvirt.SetNetworkAutostart(name, true);

        var started = libvirt.FindNetwork(name)!;
        Assert.True(started.Active);
        Assert.True(started.Autostart);
        Assert.Contains(libvirt.ListNetworks(), n => n.Name == name);
        Assert.Equal(LibvirtErrorCode.OperationInvalid, Assert.Throws<LibvirtException>(() => libvirt.StartNetwork(name)).Code);
    }

    [Fact]
    public void the_network_xml_has_the_seed_estate_shape()
    {
        var name = Define(100, 200);

        var xml = libvirt.GetNetworkXml(name, inactive: true);

        Assert.True(NetworkXml.IsOpenVSwitchBridge(xml));
        Assert.Equal(name, NetworkXml.BridgeOf(xml));
        Assert.Equal(["no-vlan", "vlan-100", "vlan-200"], NetworkXml.PortgroupNames(xml));
    }

    [Fact]
    public void a_portgroup_can_be_added_and_removed_on_a_running_network()
    {
        var name = Define(100);
        libvirt.StartNetwork(name);

        libvirt.AddPortgroup(name, NetworkXml.Portgroup(300).ToString());
        Assert.Contains("vlan-300", NetworkXml.PortgroupNames(libvirt.GetNetworkXml(name, inactive: false)));
        Assert.Contains("vlan-300", NetworkXml.PortgroupNames(libvirt.GetNetworkXml(name, inactive: true)));

        libvirt.RemovePortgroup(name, "vlan-300");
        Assert.Equal(["no-vlan", "vlan-100"], NetworkXml.PortgroupNames(libvirt.GetNetworkXml(name, inactive: true)));
    }

    [Fact]
    public void removing_a_missing_portgroup_changes_nothing()
    {
        var name = Define(100);

        libvirt.RemovePortgroup(name, "vlan-999");

        Assert.Equal(["no-vlan", "vlan-100"], NetworkXml.PortgroupNames(libvirt.GetNetworkXml(name, inactive: true)));
    }

    [Fact]
    public void destroying_an_inactive_network_succeeds_on_the_test_driver()
    {
        var name = Define();

        // The real driver refuses this with OperationInvalid (SystemDriverNetworkTests).
        libvirt.DestroyNetwork(name);

        Assert.False(libvirt.FindNetwork(name)!.Active);
    }

    [Fact]
    public void a_destroyed_and_undefined_network_is_gone()
    {
        var name = Define();
        libvirt.StartNetwork(name);

        libvirt.DestroyNetwork(name);
        Assert.False(libvirt.FindNetwork(name)!.Active);
        libvirt.UndefineNetwork(name);

        Assert.Null(libvirt.FindNetwork(name));
        Assert.Equal(LibvirtErrorCode.NoNetwork, Assert.Throws<LibvirtException>(() => libvirt.StartNetwork(name)).Code);
    }
}
