namespace Provisioning.Domain.Pools;

/// <summary>Decides admins' changes to pools, purely, from what the engine read under the pool lock.</summary>
public static class PoolDecider
{
    /// <summary>
    /// Defines a pool that is not there. Two pools on one bridge and VLAN whose ranges meet are refused: both could
    /// hand out one address, and each pool's leases are unique within it only.
    /// </summary>
    public static PoolDecision Define(AddressPool? existing, PoolDefinition definition, IReadOnlyList<AddressPool> others, string actor, DateTimeOffset now)
    {
        if (existing is not null) return new PoolDecision(null, $"Address pool '{existing.Name}' exists already.");
        var pool = AddressPool.Of(definition);
        if (others.FirstOrDefault(pool.Overlaps) is { } other)
        {
            return new PoolDecision(null,
                $"Address pool '{definition.Name}' ({pool.RangeText}) overlaps pool '{other.Name}' ({other.RangeText}) on bridge {definition.Bridge} and the same VLAN.");
        }
        return new PoolDecision(new PoolDefined(definition, actor, now));
    }

    /// <summary>Removes a pool none of whose addresses is held; <paramref name="held"/> lists the ones that are.</summary>
    public static PoolDecision Remove(AddressPool? existing, IReadOnlyList<HeldAddress> held, string actor, DateTimeOffset now)
    {
        if (existing is null) return new PoolDecision(null, Missing: true);
        if (held.Count > 0)
        {
            var some = string.Join(", ", held.Take(5).Select(h => $"{h.Address} (VM {h.Vm}, request {h.RequestId})"));
            return new PoolDecision(null, $"Address pool '{existing.Name}' has {held.Count} leased address(es): {some}{(held.Count > 5 ? ", ..." : "")}. Decommission or roll back those VMs first.");
        }
        return new PoolDecision(new PoolRemoved(existing.Name, actor, now));
    }
}
