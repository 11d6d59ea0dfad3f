using Provisioning.Domain.Pools;

namespace Provisioning.Domain.Tests.Pools;

/// <summary>Admins' changes to pools, decided purely.</summary>
public class PoolDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static PoolDefinition Def(string name, string first, string last, int? vlan = 100) =>
        new(name, "localbr", vlan, "10.100.0.0/24", "10.100.0.1", [], first, last, false);

    [Fact]
    public void a_new_pool_is_defined_by_its_admin()
    {
        var decision = PoolDecider.Define(null, Def("a", "10.100.0.10", "10.100.0.20"), [], "ada", Now);

        Assert.Equal(new PoolDefined(Def("a", "10.100.0.10", "10.100.0.20"), "ada", Now), decision.Event);
    }

    [Fact]
    public void a_pool_that_exists_or_whose_range_meets_another_on_its_segment_is_refused()
    {
        var a = AddressPool.Of(Def("a", "10.100.0.10", "10.100.0.20"));

        Assert.Contains("exists already", PoolDecider.Define(a, Def("A", "10.100.0.30", "10.100.0.40"), [], "ada", Now).Refusal, StringComparison.Ordinal);
        Assert.Contains("overlaps pool 'a'", PoolDecider.Define(null, Def("b", "10.100.0.20", "10.100.0.30"), [a], "ada", Now).Refusal, StringComparison.Ordinal);
        // Disjoint ranges, or another VLAN: both fine.
        Assert.NotNull(PoolDecider.Define(null, Def("c", "10.100.0.21", "10.100.0.30"), [a], "ada", Now).Event);
        Assert.NotNull(PoolDecider.Define(null, Def("d", "10.100.0.10", "10.100.0.20", vlan: 200), [a], "ada", Now).Event);
    }

    [Fact]
    public void a_pool_with_leased_addresses_is_not_removed_and_a_missing_one_is_missing()
    {
        var a = AddressPool.Of(Def("a", "10.100.0.10", "10.100.0.20"));
        HeldAddress[] held = [new("a", "10.100.0.10", Guid.Empty, "web01")];

        Assert.Contains("has 1 leased address(es): 10.100.0.10 (VM web01", PoolDecider.Remove(a, held, "ada", Now).Refusal, StringComparison.Ordinal);
        Assert.True(PoolDecider.Remove(null, [], "ada", Now).Missing);
        Assert.Equal(new PoolRemoved("a", "ada", Now), PoolDecider.Remove(a, [], "ada", Now).Event);
    }

    [Fact]
    public void a_pools_stream_id_follows_its_name_whatever_the_case()
    {
        Assert.Equal(PoolStreams.IdOf("Vlan100"), PoolStreams.IdOf("vlan100"));
        Assert.NotEqual(PoolStreams.IdOf("vlan100"), PoolStreams.IdOf("vlan200"));
    }
}
