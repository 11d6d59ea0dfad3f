namespace Provisioning.Domain.Vm.Addressing;

/// <summary>
/// How a VM gets its IPv4 address: from a pool (the next free one, or the caller's <paramref name="Address"/> in it),
/// or, with neither, by DHCP on a network that has its own. <paramref name="Lease"/> is what the engine assigned at
/// submission; steps and agents read the address from there, never from the caller's wish.
/// </summary>
/// <param name="Pool">The address pool named by the caller, or the pool the engine found the caller's address in.</param>
/// <param name="Address">The address the caller asked for (no prefix: the pool says it), or null for the next free one.</param>
/// <param name="Lease">The address the engine assigned, with its network; null until then and for DHCP.</param>
public sealed record VmAddressing(string? Pool, string? Address, Ipv4Lease? Lease)
{
    /// <summary>DHCP: the caller named no pool and no address.</summary>
    public bool Dhcp => Pool is null && Address is null;
}
