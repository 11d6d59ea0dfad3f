using Provisioning.Domain.Vm.Addressing;

namespace Provisioning.Domain.Pools;

/// <summary>Which address a VM gets from which pool, or why it gets none.</summary>
/// <param name="Pool">The pool's name as it was defined; null when no pool was found.</param>
/// <param name="Lease">The address with its network; null when refused.</param>
/// <param name="Reason">The choice, or why there is none, in words.</param>
/// <param name="Field">For a refusal: the request parameter at fault (<c>pool</c>, <c>address</c>, <c>bridge</c>, <c>vlan</c>).</param>
public sealed record AddressDecision(string? Pool, Ipv4Lease? Lease, string Reason, string? Field = null)
{
    public bool Allocated => Lease is not null;

    public static AddressDecision Refused(string field, string reason, string? pool = null) => new(pool, null, reason, field);
}
