using Provisioning.Domain.Pools;

namespace Provisioning.Domain.Tests.Pools;

/// <summary>A pool definition's rules, each problem under its field's name as the API's body has it.</summary>
public class PoolRulesTests
{
    private static PoolDefinition Draft(string cidr = "10.100.0.0/24", string gateway = "10.100.0.1", string first = "10.100.0.10", string last = "10.100.0.25",
        string[]? dns = null, int? vlan = 100, string name = "vlan100", string bridge = "localbr") =>
        new(name, bridge, vlan, cidr, gateway, dns ?? ["10.100.0.1"], first, last, GatewayPort: true);

    private static Dictionary<string, string[]> Errors(PoolDefinition draft)
    {
        var errors = new Dictionary<string, string[]>();
        Assert.Null(PoolRules.Check(draft, errors));
        return errors;
    }

    [Fact]
    public void a_good_definition_passes_as_it_is()
    {
        var errors = new Dictionary<string, string[]>();

        var checkedPool = PoolRules.Check(Draft(), errors);

        Assert.Empty(errors);
        // Records compare lists by reference: the list on its own.
        Assert.Equal(Draft() with { Dns = checkedPool!.Dns }, checkedPool);
        Assert.Equal(["10.100.0.1"], checkedPool.Dns);
        Assert.Equal(16, AddressPool.Of(checkedPool!).Size);
    }

    [Theory]
    [InlineData("10.100.0.5/24", "cidr")]
    [InlineData("10.100.0.0", "cidr")]
    [InlineData("10.100.0.0/31", "cidr")]
    [InlineData("10.100.0.0/7", "cidr")]
    [InlineData("127.0.0.0/24", "cidr")]
    [InlineData("fd00::/64", "cidr")]
    public void a_bad_network_is_refused_naming_cidr(string cidr, string field) => Assert.Contains(field, Errors(Draft(cidr: cidr)).Keys);

    [Fact]
    public void a_gateway_outside_the_network_or_on_its_broadcast_is_refused()
    {
        Assert.Contains("must lie in the network 10.100.0.0/24", Errors(Draft(gateway: "10.200.0.1"))["gateway"][0], StringComparison.Ordinal);
        Assert.Contains("gateway", Errors(Draft(gateway: "10.100.0.255")).Keys);
    }

    [Fact]
    public void a_range_must_lie_in_the_network_in_order_and_hold_an_address()
    {
        Assert.Contains("range.first", Errors(Draft(first: "10.101.0.10")).Keys);
        Assert.Contains("range.last", Errors(Draft(last: "not-an-ip")).Keys);
        Assert.Contains("range", Errors(Draft(first: "10.100.0.25", last: "10.100.0.10")).Keys);
        Assert.Contains("range", Errors(Draft(first: "10.100.0.1", last: "10.100.0.1")).Keys);
    }

    [Fact]
    public void at_most_three_dns_servers_each_an_address()
    {
        Assert.Contains("dns", Errors(Draft(dns: ["1.1.1.1", "8.8.8.8", "9.9.9.9", "1.0.0.1"])).Keys);
        Assert.Contains("dns", Errors(Draft(dns: ["dns.example"])).Keys);
    }

    [Fact]
    public void names_bridges_and_vlans_follow_the_request_rules()
    {
        var errors = Errors(Draft(name: "../x", bridge: "a-bridge-name-too-long", vlan: 4095));
        Assert.Equal(["bridge", "name", "vlan"], errors.Keys.Order());
    }

    [Fact]
    public void without_a_range_the_whole_network_is_handed_out_without_its_network_broadcast_and_gateway_addresses()
    {
        var pool = AddressPool.Of(PoolRules.Check(Draft(cidr: "10.9.0.0/29", gateway: "10.9.0.1", first: "", last: ""), new Dictionary<string, string[]>())!);

        Assert.Equal(("10.9.0.0", "10.9.0.7"), (pool.Definition.First, pool.Definition.Last));
        Assert.Equal(5, pool.Size);
        Assert.False(pool.HandsOut("10.9.0.0"));
        Assert.False(pool.HandsOut("10.9.0.1"));
        Assert.False(pool.HandsOut("10.9.0.7"));
        Assert.True(pool.HandsOut("10.9.0.2"));
        Assert.Equal("10.9.0.2", pool.LowestFree(new HashSet<string>()));
    }
}
