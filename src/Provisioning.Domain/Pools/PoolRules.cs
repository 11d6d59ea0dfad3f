using System.Globalization;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Vm.Addressing;

namespace Provisioning.Domain.Pools;

/// <summary>
/// The rules of a pool definition, each problem under the name of its field as the API's body has it (<c>name</c>,
/// <c>bridge</c>, <c>vlan</c>, <c>cidr</c>, <c>gateway</c>, <c>dns</c>, <c>range.first</c>, <c>range.last</c>,
/// <c>range</c>). The network, broadcast and gateway addresses are never handed out: a range that covers them skips
/// them, so an admin may write the whole network as the range.
/// </summary>
public static class PoolRules
{
    public const int MinPrefixLength = 8;
    public const int MaxPrefixLength = 30;

    /// <summary>
    /// The checked definition, with an absent range (<see cref="PoolDefinition.First"/> and <see cref="PoolDefinition.Last"/>
    /// empty) made the whole network; null with <paramref name="errors"/> filled when anything is wrong.
    /// </summary>
    public static PoolDefinition? Check(PoolDefinition draft, IDictionary<string, string[]> errors)
    {
        var before = errors.Count;
        if (!AddressRules.PoolPattern().IsMatch(draft.Name) || draft.Name.Contains("..", StringComparison.Ordinal)) errors["name"] = [FieldRules.NameRule];
        if (!VmParameterRules.InterfacePattern().IsMatch(draft.Bridge) || draft.Bridge.Contains("..", StringComparison.Ordinal)) errors["bridge"] = [FieldRules.InterfaceRule];
        // The VLANs a VM may name: a pool on the native VLAN of untagged ports could never be used.
        if (draft.Vlan is { } vlan && Vm.VlanIds.Problem(vlan) is { } vlanProblem) errors["vlan"] = [vlanProblem];

        var network = Network(draft.Cidr, errors);
        var gateway = Inside(draft.Gateway, "gateway", network, errors);
        var dns = draft.Dns.Select(d => (Text: d, Ip: AddressRules.Ipv4(d))).ToList();
        if (dns.FirstOrDefault(d => d.Ip is null) is { Text: { } bad }) errors["dns"] = [$"'{bad}' is not an IPv4 address"];
        else if (dns.Count > AddressRules.MaxDnsServers) errors["dns"] = [$"must list at most {AddressRules.MaxDnsServers} servers"];

        string? first = draft.First, last = draft.Last;
        if (network is { } net && first.Length == 0 && last.Length == 0)
        {
            // The whole network: its first and last addresses are the network and broadcast, skipped anyway.
            first = Ipv4.ToAddress(net.Address).ToString();
            last = Ipv4.ToAddress(net.Address | ~Ipv4.Mask(net.Prefix)).ToString();
        }
        else
        {
            first = Inside(first, "range.first", network, errors);
            last = Inside(last, "range.last", network, errors);
        }
        if (network is { } n && gateway is { } g && Ipv4.ToNumber(System.Net.IPAddress.Parse(g)) is var gw
            && (gw == n.Address || gw == (n.Address | ~Ipv4.Mask(n.Prefix))))
        {
            errors["gateway"] = ["must not be the network or broadcast address"];
        }
        if (errors.Count > before || network is null || gateway is null || first is null || last is null) return null;

        var pool = AddressPool.Of(draft with { Cidr = draft.Cidr, Gateway = gateway, First = first, Last = last, Dns = [.. dns.Select(d => d.Text)] });
        if (AddressRules.Ipv4(first) is { } a && AddressRules.Ipv4(last) is { } b && Ipv4.ToNumber(a) > Ipv4.ToNumber(b))
        {
            errors["range"] = [$"first ({first}) must not come after last ({last})"];
            return null;
        }
        if (pool.Size == 0)
        {
            errors["range"] = ["holds no address to hand out (the network, broadcast and gateway addresses are skipped)"];
            return null;
        }
        return pool.Definition;
    }

    private static (uint Address, int Prefix)? Network(string cidr, IDictionary<string, string[]> errors)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || AddressRules.Ipv4(parts[0]) is not { } ip
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix is < MinPrefixLength or > MaxPrefixLength
            || parts[1] != prefix.ToString(CultureInfo.InvariantCulture))
        {
            errors["cidr"] = [$"must be an IPv4 network with a prefix length from {MinPrefixLength} to {MaxPrefixLength}, such as 10.100.0.0/24"];
            return null;
        }
        var number = Ipv4.ToNumber(ip);
        var start = number & Ipv4.Mask(prefix);
        if (number != start)
        {
            errors["cidr"] = [$"must name the network, not a host in it: {Ipv4.ToAddress(start)}/{prefix}"];
            return null;
        }
        if (!AddressRules.Usable(ip))
        {
            errors["cidr"] = ["must not be a loopback, link-local, multicast or reserved network"];
            return null;
        }
        return (start, prefix);
    }

    /// <summary>An address inside the network (when the network is known), in canonical form.</summary>
    private static string? Inside(string text, string field, (uint Address, int Prefix)? network, IDictionary<string, string[]> errors)
    {
        if (AddressRules.Ipv4(text) is not { } ip)
        {
            errors[field] = [text.Length == 0 ? "is required" : "must be an IPv4 address such as 10.100.0.1"];
            return null;
        }
        if (network is { } net && (Ipv4.ToNumber(ip) & Ipv4.Mask(net.Prefix)) != net.Address)
        {
            errors[field] = [$"must lie in the network {Ipv4.ToAddress(net.Address)}/{net.Prefix}"];
            return null;
        }
        return ip.ToString();
    }
}
