using Provisioning.Domain.Vm;
using Provisioning.Domain.Vm.Addressing;

namespace Provisioning.Domain.Pools;

/// <summary>
/// Chooses a VM's address, purely, from what the engine read in the submission's transaction: every pool, and the
/// addresses held in the pool concerned. A VM naming a pool gets the lowest free address of its range, or the address it
/// names when that lies in the range and is free; a VM naming only an address gets it from the pool on its bridge and
/// VLAN whose range holds it. The pool's bridge and VLAN must be the VM's: an address is only good on its own segment.
/// The choice is a wish until the submission commits: the lease's unique index decides between two that chose alike.
/// </summary>
public static class AddressAllocator
{
    /// <summary>The decision for <paramref name="vm"/>; null when it asks for no address from a pool (DHCP, or none).</summary>
    public static AddressDecision? Allocate(VmSpec vm, IReadOnlyList<AddressPool> pools, IReadOnlyList<HeldAddress> held)
    {
        if (vm.Addressing is not { Dhcp: false } wish) return null;
        AddressPool? pool;
        if (wish.Pool is { } name)
        {
            pool = pools.FirstOrDefault(p => p.Id == PoolStreams.KeyOf(name));
            if (pool is null) return AddressDecision.Refused(AddressRules.PoolKey, $"no address pool is named '{name}'");
            if (Segment(vm, pool) is { } wrong) return wrong;
        }
        else
        {
            var address = wish.Address!;
            var holding = pools.Where(p => p.HandsOut(address)).ToList();
            pool = holding.FirstOrDefault(p => Segment(vm, p) is null);
            if (pool is null)
            {
                return holding.Count == 0
                    ? AddressDecision.Refused(AddressRules.AddressKey, $"{address} lies in no address pool's range")
                    : Segment(vm, holding[0])!;
            }
        }

        var taken = held.Where(h => h.Pool == pool.Id).ToDictionary(h => h.Address, StringComparer.Ordinal);
        if (wish.Address is { } asked)
        {
            if (!pool.HandsOut(asked))
            {
                return AddressDecision.Refused(AddressRules.AddressKey, pool.InNetwork(asked)
                    ? $"{asked} is not handed out by pool '{pool.Name}' (range {pool.RangeText}, without the network, broadcast and gateway addresses {pool.Definition.Gateway})"
                    : $"{asked} lies outside pool '{pool.Name}' ({pool.Definition.Cidr})", pool.Name);
            }
            if (taken.TryGetValue(asked, out var holder))
            {
                return AddressDecision.Refused(AddressRules.AddressKey,
                    $"{asked} of pool '{pool.Name}' is taken by VM {holder.Vm} (request {holder.RequestId})", pool.Name);
            }
            return new AddressDecision(pool.Name, pool.Lease(asked), $"{asked} from pool '{pool.Name}', as asked");
        }
        return pool.LowestFree(taken.Keys.ToHashSet(StringComparer.Ordinal)) is { } free
            ? new AddressDecision(pool.Name, pool.Lease(free), $"{free}, the lowest free address of pool '{pool.Name}'")
            : AddressDecision.Refused(AddressRules.PoolKey,
                $"address pool '{pool.Name}' is exhausted: all {pool.Size} addresses of {pool.RangeText} are taken", pool.Name);
    }

    /// <summary>Why <paramref name="vm"/> cannot take an address of <paramref name="pool"/>'s segment; null when it can.</summary>
    private static AddressDecision? Segment(VmSpec vm, AddressPool pool)
    {
        var d = pool.Definition;
        if (!string.Equals(d.Bridge, vm.Bridge, StringComparison.Ordinal))
        {
            return AddressDecision.Refused("bridge", $"address pool '{d.Name}' is on bridge {d.Bridge}, not {vm.Bridge}", d.Name);
        }
        return d.Vlan == vm.Vlan ? null
            : AddressDecision.Refused("vlan", $"address pool '{d.Name}' is on {VlanText(d.Vlan)}, not {VlanText(vm.Vlan)}", d.Name);
    }

    private static string VlanText(int? vlan) => vlan is { } v ? $"VLAN {v}" : "no VLAN (untagged)";
}
