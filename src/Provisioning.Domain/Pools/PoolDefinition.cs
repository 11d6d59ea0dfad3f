namespace Provisioning.Domain.Pools;

/// <summary>
/// An address pool as an admin defines it and its <see cref="PoolDefined"/> event stores it: addresses as dotted quads,
/// the network as a CIDR. Checked by <see cref="PoolRules"/> before it is recorded; <see cref="AddressPool.Of"/> reads it.
/// </summary>
/// <param name="Name">The pool's name, as requests name it (compared without regard to case).</param>
/// <param name="Bridge">The bridge its VMs are on.</param>
/// <param name="Vlan">Their VLAN; null for untagged.</param>
/// <param name="Cidr">The IPv4 network, such as 10.100.0.0/24.</param>
/// <param name="Gateway">The default gateway, inside the network.</param>
/// <param name="Dns">DNS servers for the guests (at most three).</param>
/// <param name="First">The first address handed out.</param>
/// <param name="Last">The last address handed out (the network, broadcast and gateway addresses in between are skipped).</param>
/// <param name="GatewayPort">The hosts get an OVS internal port on the bridge and VLAN holding the gateway address.</param>
public sealed record PoolDefinition(
    string Name, string Bridge, int? Vlan, string Cidr, string Gateway, IReadOnlyList<string> Dns, string First, string Last, bool GatewayPort);
