using Provisioning.Agent.Steps.Networking;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>The pure decision of remove-bridge: what this request made, and nothing in use, goes.</summary>
public sealed class RemovalPlanTests
{
    private static readonly Guid Me = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();

    [Fact]
    public void everything_this_request_made_and_nobody_uses_is_removed()
    {
        var plan = Decide(Markers(BridgeMarkers.Bridge, BridgeMarkers.Network, BridgeMarkers.Uplink), ports: ["eth9"]);
        Assert.True(plan.RemoveNetwork);
        Assert.True(plan.RemoveUplink);
        Assert.True(plan.RemoveBridge);
        Assert.False(plan.RemovePortgroup);
        Assert.Empty(plan.Kept);
    }

    [Fact]
    public void nothing_is_removed_that_this_request_did_not_make()
    {
        var plan = Decide(new Dictionary<string, string> { [BridgeMarkers.Bridge] = Other.ToString("D"), [BridgeMarkers.Network] = Other.ToString("D") }, ports: ["eth9"]);
        Assert.False(plan.RemovePortgroup || plan.RemoveNetwork || plan.RemoveUplink || plan.RemoveBridge);
        Assert.Empty(plan.MarkersToRemove);
    }

    [Fact]
    public void a_domain_interface_on_the_network_keeps_network_uplink_and_bridge()
    {
        var plan = Decide(Markers(BridgeMarkers.Bridge, BridgeMarkers.Network, BridgeMarkers.Uplink), ports: ["eth9", "vnet3"],
            usage: new NetworkUsage(1, new HashSet<string> { "vlan-200" }, 0));
        Assert.False(plan.RemoveNetwork);
        Assert.False(plan.RemoveUplink);
        Assert.False(plan.RemoveBridge);
        Assert.Equal(3, plan.Kept.Count);
    }

    [Fact]
    public void another_requests_lease_keeps_the_bridge_even_before_any_domain_uses_it()
    {
        var markers = Markers(BridgeMarkers.Bridge, BridgeMarkers.Network);
        markers[BridgeMarkers.User(Other)] = "vlan-200";
        var plan = Decide(markers, ports: []);
        Assert.False(plan.RemoveNetwork);
        Assert.False(plan.RemoveBridge);
    }

    [Fact]
    public void an_added_portgroup_goes_unless_a_domain_or_another_lease_uses_it()
    {
        var markers = Markers(BridgeMarkers.Portgroup("vlan-100"));
        Assert.True(Decide(markers, ports: []).RemovePortgroup);
        Assert.False(Decide(markers, ports: [], usage: new NetworkUsage(1, new HashSet<string> { "vlan-100" }, 0)).RemovePortgroup);
        markers[BridgeMarkers.User(Other)] = "vlan-100";
        Assert.False(Decide(markers, ports: []).RemovePortgroup);
    }

    [Fact]
    public void a_foreign_port_on_a_bridge_this_request_made_keeps_the_bridge()
    {
        var plan = Decide(Markers(BridgeMarkers.Bridge), ports: ["tap0"], networkExists: false);
        Assert.False(plan.RemoveBridge);
        Assert.Contains(plan.Kept, k => k.Contains("tap0", StringComparison.Ordinal));
    }

    [Fact]
    public void what_the_owner_keeps_for_another_lease_is_handed_to_that_request()
    {
        var markers = Markers(BridgeMarkers.Bridge, BridgeMarkers.Network, BridgeMarkers.Uplink, BridgeMarkers.Portgroup("vlan-100"));
        markers[BridgeMarkers.User(Other)] = "vlan-100";

        var plan = Decide(markers, ports: ["eth9"]);

        Assert.False(plan.RemoveBridge || plan.RemoveNetwork || plan.RemoveUplink || plan.RemovePortgroup);
        var heir = Other.ToString("D");
        Assert.Equal(heir, plan.MarkersToHandOver![BridgeMarkers.Bridge]);
        Assert.Equal(heir, plan.MarkersToHandOver[BridgeMarkers.Network]);
        Assert.Equal(heir, plan.MarkersToHandOver[BridgeMarkers.Uplink]);
        Assert.Equal(heir, plan.MarkersToHandOver[BridgeMarkers.Portgroup("vlan-100")]);

        // The heir, rolled back last with no other lease left, removes everything.
        var after = new Dictionary<string, string>(plan.MarkersToHandOver);
        var last = RemovalPlan.Decide(new RemovalPlan.Observed(Other, after, true, PortgroupExists: true, "vlan-100", "eth9", ["eth9"], NetworkUsage.None));
        Assert.True(last.RemoveBridge && last.RemoveNetwork && last.RemoveUplink);
    }

    [Fact]
    public void a_portgroup_is_handed_only_to_a_request_that_uses_it()
    {
        var markers = Markers(BridgeMarkers.Bridge, BridgeMarkers.Portgroup("vlan-100"));
        markers[BridgeMarkers.User(Other)] = "vlan-200";

        var plan = Decide(markers, ports: []);

        Assert.True(plan.RemovePortgroup);
        Assert.False(plan.MarkersToHandOver!.ContainsKey(BridgeMarkers.Portgroup("vlan-100")));
        Assert.Equal(Other.ToString("D"), plan.MarkersToHandOver[BridgeMarkers.Bridge]);
    }

    private static Dictionary<string, string> Markers(params string[] keys) => keys.ToDictionary(k => k, _ => Me.ToString("D"));

    private static RemovalPlan Decide(Dictionary<string, string> markers, IReadOnlyList<string> ports, NetworkUsage? usage = null, bool networkExists = true) =>
        RemovalPlan.Decide(new RemovalPlan.Observed(Me, markers, networkExists, PortgroupExists: true, "vlan-100", "eth9", ports, usage ?? NetworkUsage.None));
}
