using System.Text.Json;
using Provisioning.Agent.Steps.Networking;

namespace Provisioning.Agent.Tests.Networking;

/// <summary>Which NICs may become an uplink, and how the host's <c>ip -json</c> answers are read for it.</summary>
public class UplinkRulesTests
{
    private static readonly UplinkFacts Free = new(true, [], false, null);

    [Theory]
    [InlineData("eth1", true)]
    [InlineData("ens1f0", true)]
    [InlineData("ens1", false)]
    [InlineData("eth10", false)]
    [InlineData("wlan0", false)]
    public void only_nics_the_allow_list_names_or_prefixes_are_taken(string nic, bool allowed) =>
        Assert.Equal(allowed, UplinkRules.Refusal(nic, "br0", "kvm01", Free, ["eth1", "ens1f*"]) is null);

    [Fact]
    public void an_empty_allow_list_takes_no_nic_and_a_lone_star_is_no_wildcard()
    {
        Assert.NotNull(UplinkRules.Refusal("eth1", "br0", "kvm01", Free, []));
        Assert.NotNull(UplinkRules.Refusal("eth1", "br0", "kvm01", Free, ["*"]));
        Assert.False(UplinkRules.IsValidEntry("*"));
    }

    [Fact]
    public void the_nic_that_holds_the_default_route_is_refused() =>
        Assert.Contains("default route", UplinkRules.Refusal("eth1", "br0", "kvm01", Free with { HoldsDefaultRoute = true }, ["eth1"]));

    [Fact]
    public void a_nic_already_in_this_bridge_is_fine_and_in_another_or_a_bond_is_not()
    {
        Assert.Null(UplinkRules.Refusal("eth1", "br0", "kvm01", Free with { Master = "br0" }, ["eth1"]));
        Assert.Contains("bond0", UplinkRules.Refusal("eth1", "br0", "kvm01", Free with { Master = "bond0" }, ["eth1"]));
    }

    [Fact]
    public void a_nic_with_a_vlan_or_macvlan_on_it_is_refused() =>
        Assert.Contains("eth1.100", UplinkRules.Refusal("eth1", "br0", "kvm01", Free with { Uppers = ["eth1.100"] }, ["eth1"]));

    [Fact]
    public void addresses_of_link_scope_do_not_count_and_global_ones_do()
    {
        var links = JsonDocument.Parse("""
            [{"ifindex":3,"ifname":"eth1","addr_info":[
              {"family":"inet6","local":"fe80::1","prefixlen":64,"scope":"link"},
              {"family":"inet","local":"10.0.0.5","prefixlen":24,"scope":"global"},
              {"family":"inet6","local":"2001:db8::5","prefixlen":64,"scope":"global"}]}]
            """).RootElement;
        Assert.Equal(["10.0.0.5", "2001:db8::5"], UplinkFactsReader.Addresses(links));
        Assert.Empty(UplinkFactsReader.Addresses(JsonDocument.Parse("""[{"ifname":"eth2","addr_info":[{"local":"fe80::2","scope":"link"}]}]""").RootElement));
    }

    [Fact]
    public void default_routes_name_their_device_and_multipath_routes_each_hop()
    {
        var routes = JsonDocument.Parse("""
            [{"dst":"default","gateway":"10.0.0.1","dev":"eth0","protocol":"dhcp","flags":[]},
             {"dst":"default","flags":[],"nexthops":[{"gateway":"10.1.0.1","dev":"eth1"},{"gateway":"10.2.0.1","dev":"eth2"}]}]
            """).RootElement;
        Assert.Equal(["eth0", "eth1", "eth2"], UplinkFactsReader.DefaultRouteDevices(routes).Order());
    }
}
