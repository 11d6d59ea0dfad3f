using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Tests.Libvirt;

/// <summary>The estate's network shape (forward bridge onto OVS, VLAN portgroups) on the real network driver.</summary>
public sealed class SystemDriverNetworkTests : IDisposable
{
    private readonly LibvirtConnection libvirt = LibvirtConnection.Open(TestRun.SystemUri);
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

    /// <summary>An OVS bridge for the network; netdev datapath because this host has no kernel datapath.</summary>
    private void CreateBridge(string bridge)
    {
        cleanup.Add($"delete OVS bridge {bridge}", () => Cli.Run("ovs-vsctl", "--if-exists", "del-br", bridge).EnsureSuccess("ovs-vsctl"));
        Cli.Run("ovs-vsctl", "--may-exist", "add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev").EnsureSuccess("ovs-vsctl");
    }

    [Fact]
    public void a_defined_network_keeps_its_vlan_portgroups()
    {
        var name = Define(100, 200);

        var network = libvirt.FindNetwork(name);
        var xml = libvirt.GetNetworkXml(name, inactive: true);

        Assert.NotNull(network);
        Assert.False(network.Active);
        Assert.True(network.Persistent);
        Assert.True(NetworkXml.IsOpenVSwitchBridge(xml));
        Assert.Equal(["no-vlan", "vlan-100", "vlan-200"], NetworkXml.PortgroupNames(xml));
    }

    [Fact]
    public void redefining_a_network_takes_its_uuid()
    {
        var name = Define(100);

        var error = Assert.Throws<LibvirtException>(() => libvirt.DefineNetwork(NetworkXml.Build(name, name, [100, 200], VlanIds.Native)));
        Assert.Equal(LibvirtErrorCode.OperationFailed, error.Code);

        var uuid = libvirt.FindNetwork(name)!.Uuid;
        libvirt.DefineNetwork(NetworkXml.Build(name, name, [100, 200], VlanIds.Native, uuid));

        Assert.Equal(uuid, libvirt.FindNetwork(name)!.Uuid);
        Assert.Equal(["no-vlan", "vlan-100", "vlan-200"], NetworkXml.PortgroupNames(libvirt.GetNetworkXml(name, inactive: true)));
    }

    [Fact]
    public void a_portgroup_added_to_an_inactive_network_is_in_its_config()
    {
        var name = Define(100, 200);

        libvirt.AddPortgroup(name, NetworkXml.Portgroup(300).ToString());

        var xml = libvirt.GetNetworkXml(name, inactive: true);
        Assert.Equal(["no-vlan", "vlan-100", "vlan-200", "vlan-300"], NetworkXml.PortgroupNames(xml));
        Assert.Contains("<tag id=\"300\" />", NetworkXml.PortgroupXml(xml, "vlan-300"));

        libvirt.RemovePortgroup(name, "vlan-300");
        Assert.Equal(["no-vlan", "vlan-100", "vlan-200"], NetworkXml.PortgroupNames(libvirt.GetNetworkXml(name, inactive: true)));
    }

    [Fact]
    public void adding_an_existing_portgroup_fails_with_a_typed_error()
    {
        var name = Define(100);

        var error = Assert.Throws<LibvirtException>(() => libvirt.AddPortgroup(name, NetworkXml.Portgroup(100).ToString()));

        Assert.Equal(LibvirtErrorCode.OperationInvalid, error.Code);
    }

    [Fact]
    public void a_running_network_on_an_ovs_bridge_gets_portgroups_live_and_in_config()
    {
        var name = Define(100, 200);
        CreateBridge(name);

        libvirt.StartNetwork(name);
        libvirt.SetNetworkAutostart(name, true);
        Assert.Equal(LibvirtErrorCode.OperationInvalid, Assert.Throws<LibvirtException>(() => libvirt.StartNetwork(name)).Code);
        Assert.Equal(new NetworkInfo(name, libvirt.FindNetwork(name)!.Uuid, true, true, true), libvirt.FindNetwork(name));

        libvirt.AddPortgroup(name, NetworkXml.Portgroup(300).ToString());
        Assert.Contains("vlan-300", NetworkXml.PortgroupNames(libvirt.GetNetworkXml(name, inactive: false)));
        Assert.Contains("vlan-300", NetworkXml.PortgroupNames(libvirt.GetNetworkXml(name, inactive: true)));

        libvirt.RemovePortgroup(name, "vlan-300");
        Assert.DoesNotContain("vlan-300", NetworkXml.PortgroupNames(libvirt.GetNetworkXml(name, inactive: false)));
        Assert.DoesNotContain("vlan-300", NetworkXml.PortgroupNames(libvirt.GetNetworkXml(name, inactive: true)));

        libvirt.DestroyNetwork(name);
        Assert.False(libvirt.FindNetwork(name)!.Active);
        Assert.Equal(LibvirtErrorCode.OperationInvalid, Assert.Throws<LibvirtException>(() => libvirt.DestroyNetwork(name)).Code);
    }

    [Fact]
    public void a_missing_network_is_null_and_acting_on_it_fails_with_no_network()
    {
        var name = TestRun.Name("n");

        Assert.Null(libvirt.FindNetwork(name));
        Assert.Equal(LibvirtErrorCode.NoNetwork, Assert.Throws<LibvirtException>(() => libvirt.GetNetworkXml(name, inactive: true)).Code);
    }
}
