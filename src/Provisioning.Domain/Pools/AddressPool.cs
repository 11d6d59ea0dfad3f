using System.Globalization;
using System.Net;
using Provisioning.Domain.Vm.Addressing;

namespace Provisioning.Domain.Pools;

/// <summary>
/// A checked <see cref="PoolDefinition"/> as numbers: which addresses it hands out (its range, less the network,
/// broadcast and gateway addresses, which are skipped wherever the range covers them) and the lease a VM gets.
/// </summary>
public sealed record AddressPool
{
    private AddressPool(PoolDefinition definition, uint network, int prefixLength, uint gateway, uint first, uint last)
    {
        Definition = definition;
        Network = network;
        PrefixLength = prefixLength;
        Gateway = gateway;
        First = first;
        Last = last;
    }

    public PoolDefinition Definition { get; }

    public string Name => Definition.Name;

    /// <summary>The key leases and streams use: the name in lower case.</summary>
    public string Id => PoolStreams.KeyOf(Name);

    public int PrefixLength { get; }

    private uint Network { get; }

    private uint Gateway { get; }

    private uint First { get; }

    private uint Last { get; }

    private uint Broadcast => Network | ~Ipv4.Mask(PrefixLength);

    /// <summary>How many addresses it can hand out.</summary>
    public long Size => Last - First + 1L - new[] { Network, Broadcast, Gateway }.Count(InSpan);

    /// <summary>The range as people write it.</summary>
    public string RangeText => $"{Definition.First}-{Definition.Last}";

    /// <summary>Reads a definition <see cref="PoolRules"/> accepted (a stored one); throws on one it would refuse.</summary>
    public static AddressPool Of(PoolDefinition d)
    {
        var parts = d.Cidr.Split('/');
        var prefix = int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
        return new AddressPool(d, Number(parts[0]), prefix, Number(d.Gateway), Number(d.First), Number(d.Last));
    }

    /// <summary>Whether the network holds <paramref name="address"/>.</summary>
    public bool InNetwork(string address) => AddressRules.Ipv4(address) is { } ip && (Ipv4.ToNumber(ip) & Ipv4.Mask(PrefixLength)) == Network;

    /// <summary>Whether the pool hands out <paramref name="address"/> (in its range, not the network, broadcast or gateway address).</summary>
    public bool HandsOut(string address) => AddressRules.Ipv4(address) is { } ip && HandsOut(Ipv4.ToNumber(ip));

    /// <summary>The lowest address it hands out that <paramref name="taken"/> does not hold; null when all are taken.</summary>
    public string? LowestFree(IReadOnlySet<string> taken)
    {
        for (var n = (long)First; n <= Last; n++)
        {
            var candidate = (uint)n;
            if (!HandsOut(candidate)) continue;
            var text = Ipv4.ToAddress(candidate).ToString();
            if (!taken.Contains(text)) return text;
        }
        return null;
    }

    /// <summary>Whether this pool and <paramref name="other"/> could hand out one address on one network segment.</summary>
    public bool Overlaps(AddressPool other) =>
        string.Equals(Definition.Bridge, other.Definition.Bridge, StringComparison.Ordinal) && Definition.Vlan == other.Definition.Vlan
        && First <= other.Last && other.First <= Last;

    /// <summary>The lease a VM holding <paramref name="address"/> of this pool gets.</summary>
    public Ipv4Lease Lease(string address) =>
        new(IPAddress.Parse(address), PrefixLength, IPAddress.Parse(Definition.Gateway), [.. Definition.Dns.Select(IPAddress.Parse)], Definition.GatewayPort);

    private bool HandsOut(uint n) => n >= First && n <= Last && n != Network && n != Broadcast && n != Gateway;

    private bool InSpan(uint n) => n >= First && n <= Last;

    private static uint Number(string address) => Ipv4.ToNumber(IPAddress.Parse(address));
}
