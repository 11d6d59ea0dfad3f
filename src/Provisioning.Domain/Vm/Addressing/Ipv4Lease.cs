using System.Net;

namespace Provisioning.Domain.Vm.Addressing;

/// <summary>A static IPv4 address a VM holds, with what its guest needs to use it.</summary>
/// <param name="Address">The VM's address.</param>
/// <param name="PrefixLength">The network's prefix length (24 for a /24).</param>
/// <param name="Gateway">The default gateway, or null for a network without one.</param>
/// <param name="Dns">DNS servers for the guest (may be empty).</param>
/// <param name="GatewayPort">
/// The pool asks for the gateway address on the host itself (an OVS internal port on the VM's bridge and VLAN), so
/// the host reaches its guests (and, with forwarding, they reach beyond it).
/// </param>
public sealed record Ipv4Lease(IPAddress Address, int PrefixLength, IPAddress? Gateway, IReadOnlyList<IPAddress> Dns, bool GatewayPort = false)
{
    /// <summary>The gateway with the network's prefix (what the host's gateway port holds), or null.</summary>
    public string? GatewayCidr => Gateway is { } gateway ? $"{gateway}/{PrefixLength}" : null;

    /// <summary>The address with its prefix, as network-config and <c>ip addr</c> write it.</summary>
    public string Cidr => $"{Address}/{PrefixLength}";
}
