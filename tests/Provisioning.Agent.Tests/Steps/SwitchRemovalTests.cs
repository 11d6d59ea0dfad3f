using Provisioning.Domain.Steps.Guests;
using Provisioning.Domain.Steps.Networking;
using Provisioning.Agent.Steps;
using Provisioning.Agent.Steps.Networking;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>The pure decisions behind remove-switch, leases on several portgroups and the agent's bridge name prefix.</summary>
public sealed class SwitchRemovalTests
{
    private static readonly Guid Me = Guid.NewGuid();
    private static readonly Guid Vm = Guid.NewGuid();

    private static Dictionary<string, string> Mine(params string[] keys) => keys.ToDictionary(k => k, _ => Me.ToString("D"));

    private static SwitchRemoval Decide(Dictionary<string, string> markers, IReadOnlyList<string>? now = null, NetworkUsage? usage = null, IReadOnlyList<string>? ports = null) =>
        SwitchRemoval.Decide(Me, markers, networkExists: true, now ?? ["no-vlan", "vlan-100", "vlan-200"], ["vlan-100", "vlan-200"], null, ports ?? [], usage ?? NetworkUsage.None);

    [Fact]
    public void a_switch_nobody_uses_goes_whole_with_every_marker()
    {
        var plan = Decide(Mine(BridgeMarkers.Bridge, BridgeMarkers.Network, BridgeMarkers.Portgroup("vlan-100"), BridgeMarkers.Portgroup("vlan-200")));

        Assert.True(plan.RemoveNetwork && plan.RemoveBridge);
        Assert.Empty(plan.Portgroups); // they go with the network
        Assert.Empty(plan.Kept);
    }

    [Fact]
    public void with_the_network_in_use_each_owned_portgroup_goes_unless_used()
    {
        var usage = new NetworkUsage(1, new HashSet<string> { "vlan-200" }, 0);

        var plan = Decide(Mine(BridgeMarkers.Network, BridgeMarkers.Portgroup("vlan-100"), BridgeMarkers.Portgroup("vlan-200")), usage: usage);

        Assert.False(plan.RemoveNetwork);
        Assert.Equal(["vlan-100"], plan.Portgroups);
        Assert.Contains("portgroup vlan-200: used by a domain interface", plan.Kept);
        Assert.Contains(BridgeMarkers.Portgroup("vlan-100"), plan.MarkersToRemove);
    }

    [Fact]
    public void portgroups_the_switch_found_are_never_removed()
    {
        var plan = Decide(Mine(BridgeMarkers.Portgroup("vlan-200")), usage: new NetworkUsage(1, new HashSet<string>(), 0));

        Assert.Equal(["vlan-200"], plan.Portgroups);
        Assert.False(plan.RemoveNetwork || plan.RemoveBridge);
    }

    [Fact]
    public void a_lease_on_several_portgroups_protects_each_of_them()
    {
        var markers = new Dictionary<string, string>
        {
            [BridgeMarkers.Portgroup("vlan-100")] = Vm.ToString("D"),
            [BridgeMarkers.User(Me)] = BridgeMarkers.Lease(["vlan-100", "vlan-200"]),
        };

        Assert.Equal(["vlan-100", "vlan-200"], BridgeMarkers.OtherUsers(markers, Vm));
        Assert.Equal([(Me, "vlan-100"), (Me, "vlan-200")], BridgeMarkers.OtherLeases(markers, Vm));
        var vmUndo = RemovalPlan.Decide(new RemovalPlan.Observed(Vm, markers, true, true, "vlan-100", null, [], NetworkUsage.None));
        Assert.False(vmUndo.RemovePortgroup);
        Assert.Equal(Me.ToString("D"), vmUndo.MarkersToHandOver![BridgeMarkers.Portgroup("vlan-100")]);
    }

    [Theory]
    [InlineData("", "br0", "br0")]
    [InlineData("kvma-", "br0", "kvma-br0")]
    public void a_bridge_name_prefix_is_put_before_bridge_and_network_names_only(string prefix, string bridge, string expected)
    {
        var mapped = new SwitchArguments(bridge, bridge, "em1", [100]).WithBridgePrefix(prefix);
        var port = new PortArguments("web01", bridge, 100).WithBridgePrefix(prefix);

        Assert.Equal((expected, expected, "em1"), (mapped.Bridge, mapped.Network, mapped.Uplink));
        Assert.Equal(("web01", expected), (port.Name, port.Bridge));
    }

    [Theory]
    [InlineData("kvm-a", true)]
    [InlineData("-bad", false)]
    [InlineData("far-too-long-prefix", false)]
    [InlineData("with space", false)]
    public void only_a_short_interface_safe_prefix_is_accepted(string prefix, bool valid) =>
        Assert.Equal(valid, BridgeNames.IsValidPrefix(prefix));
}
