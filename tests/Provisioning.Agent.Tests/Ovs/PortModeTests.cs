using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Steps.Networking;

namespace Provisioning.Agent.Tests.Ovs;

/// <summary>What makes an OVS port an access port, and which ports the migration of an untagged network retags. No I/O.</summary>
public sealed class PortModeTests
{
    [Fact]
    public void a_port_with_its_tag_no_trunks_and_no_mode_or_access_mode_is_an_access_port()
    {
        Assert.Null(new OvsPortVlans("vnet0", 100, []).NotAccessOn(100));
        Assert.Null(new OvsPortVlans("vnet0", 100, [], "access").NotAccessOn(100));
    }

    [Theory]
    [InlineData(null, "", null, "has no VLAN tag: it is a trunk of every VLAN")]
    [InlineData(null, "", "trunk", "has no VLAN tag: it is a trunk of every VLAN")]
    [InlineData(100, "", "trunk", "is in vlan_mode trunk")]
    [InlineData(100, "", "native-untagged", "is in vlan_mode native-untagged")]
    [InlineData(100, "100,200", null, "trunks VLAN(s) 100,200")]
    [InlineData(200, "", null, "has VLAN tag 200, not 100")]
    public void any_other_port_is_not_an_access_port_and_the_reason_is_named(int? tag, string trunks, string? mode, string reason)
    {
        var port = new OvsPortVlans("vnet0", tag, trunks.Length == 0 ? [] : trunks.Split(',').Select(int.Parse).ToList(), mode);

        Assert.Contains(reason, port.NotAccessOn(100), StringComparison.Ordinal);
    }

    [Fact]
    public void only_trunk_ports_of_running_interfaces_in_the_networks_default_portgroup_are_retagged()
    {
        // vnet0 as libvirt shows a running interface (type bridge, the network still named); vnet6 plugged into the bridge directly.
        const string live = """
            <domain><name>old</name><devices>
              <interface type='network'><source network='lan' portgroup='no-vlan'/><target dev='vnet1'/></interface>
              <interface type='bridge'><source network='lan' portgroup='no-vlan' bridge='lan'/><target dev='vnet0'/></interface>
              <interface type='network'><source network='lan'/><target dev='vnet2'/></interface>
              <interface type='bridge'><source bridge='lan'/><target dev='vnet6'/></interface>
              <interface type='network'><source network='lan' portgroup='vlan-100'/><target dev='vnet3'/></interface>
              <interface type='network'><source network='other' portgroup='no-vlan'/><target dev='vnet4'/></interface>
              <interface type='network'><source network='lan' portgroup='no-vlan'/><target dev='vnet5'/></interface>
              <interface type='network'><source network='lan' portgroup='no-vlan'/></interface>
            </devices></domain>
            """;
        IReadOnlyList<OvsPortVlans> ports =
        [
            new("vnet0", null, []), new("vnet1", null, []), new("vnet2", null, []), new("vnet6", null, []), new("vnet3", null, []), new("vnet4", null, []),
            new("vnet5", 4094, []), new("em1", null, []),
        ];

        Assert.Equal(["vnet0", "vnet1", "vnet2"], UntaggedMigration.PortsToRetag([("old", live)], "lan", ports));
    }
}
