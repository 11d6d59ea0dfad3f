using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Provisioning.Domain.Switch;

namespace Provisioning.Domain.Vm.Addressing;

/// <summary>
/// The wire fields of a VM's addressing. <c>pool</c> and <c>address</c> are the caller's; <c>ipv4</c> (address with
/// prefix), <c>gateway</c> and <c>dns</c> are the lease the engine writes into the parameters at submission, like
/// placement writes <c>host</c>, so steps and agents see a VM whose address is settled. A caller may not set them.
/// </summary>
public static partial class AddressRules
{
    public const string PoolKey = "pool";
    public const string AddressKey = "address";
    public const string Ipv4Key = "ipv4";
    public const string GatewayKey = "gateway";
    public const string DnsKey = "dns";
    public const string GatewayPortKey = "gatewayPort";

    /// <summary>The fields only the engine writes (the API refuses them from callers).</summary>
    public static IReadOnlyList<string> Assigned { get; } = [Ipv4Key, GatewayKey, DnsKey, GatewayPortKey];

    public const int MaxDnsServers = 3;

    /// <summary>Pool names: like VM names, safe everywhere they appear.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")]
    public static partial Regex PoolPattern();

    /// <summary>Reads the addressing fields (all optional); null when every one is absent.</summary>
    public static VmAddressing? Parse(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        string? pool = null, address = null;
        if (p.TryGetValue(PoolKey, out var rawPool))
        {
            if (PoolPattern().IsMatch(rawPool) && !rawPool.Contains("..", StringComparison.Ordinal)) pool = rawPool;
            else errors[PoolKey] = [FieldRules.NameRule];
        }
        if (p.TryGetValue(AddressKey, out var rawAddress))
        {
            if (Ipv4(rawAddress) is { } ip && Usable(ip)) address = ip.ToString();
            else errors[AddressKey] = ["must be an IPv4 address such as 10.100.0.10 (no prefix: its pool gives it)"];
        }
        var lease = Lease(p, errors);
        if (lease is not null && pool is null) errors.TryAdd(Ipv4Key, ["is assigned from an address pool: a lease needs its pool"]);
        return pool is null && address is null && lease is null ? null : new VmAddressing(pool, address, lease);
    }

    /// <summary>The lease fields as the engine wrote them; null when there is none (step arguments re-check with it too).</summary>
    public static Ipv4Lease? Lease(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        if (!p.TryGetValue(Ipv4Key, out var cidr))
        {
            foreach (var key in new[] { GatewayKey, DnsKey, GatewayPortKey }.Where(p.ContainsKey)) errors[key] = ["is assigned with an ipv4 lease only"];
            return null;
        }
        var parts = cidr.Split('/');
        if (parts.Length != 2 || Ipv4(parts[0]) is not { } address
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix is < 8 or > 30)
        {
            errors[Ipv4Key] = ["must be an IPv4 address with a prefix length from 8 to 30, such as 10.100.0.10/24"];
            return null;
        }
        IPAddress? gateway = null;
        if (p.TryGetValue(GatewayKey, out var rawGateway) && (gateway = Ipv4(rawGateway)) is null) errors[GatewayKey] = ["must be an IPv4 address"];
        var dns = new List<IPAddress>();
        if (p.TryGetValue(DnsKey, out var rawDns) && rawDns.Length > 0)
        {
            foreach (var item in ListRules.Split(rawDns))
            {
                if (Ipv4(item) is { } server) dns.Add(server);
                else errors[DnsKey] = [$"'{item}' is not an IPv4 address"];
            }
            if (dns.Count > MaxDnsServers) errors[DnsKey] = [$"must list at most {MaxDnsServers} servers"];
        }
        var gatewayPort = FieldRules.Flag(p, GatewayPortKey, errors);
        if (gatewayPort && gateway is null) errors[GatewayPortKey] = ["needs a gateway"];
        return new Ipv4Lease(address, prefix, gateway, dns, gatewayPort);
    }

    /// <summary>The wire form of a lease (what the engine writes into the parameters).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Wire(VmAddressing addressing)
    {
        if (addressing.Pool is { } pool) yield return new(PoolKey, pool);
        if (addressing.Address is { } address) yield return new(AddressKey, address);
        if (addressing.Lease is not { } lease) yield break;
        yield return new(Ipv4Key, lease.Cidr);
        if (lease.Gateway is { } gateway) yield return new(GatewayKey, gateway.ToString());
        if (lease.Dns.Count > 0) yield return new(DnsKey, ListRules.Join(lease.Dns.Select(d => d.ToString())));
        if (lease.GatewayPort) yield return new(GatewayPortKey, "true");
    }

    /// <summary>A dotted-quad IPv4 address in canonical form, or null (no IPv6, no shorthand like <c>10.1</c>).</summary>
    public static IPAddress? Ipv4(string text) =>
        IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork && ip.ToString() == text ? ip : null;

    /// <summary>Addresses a guest can hold: not 0.0.0.0/8, loopback, link-local, multicast or broadcast.</summary>
    public static bool Usable(IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        return b[0] is not (0 or 127) && !(b[0] == 169 && b[1] == 254) && b[0] < 224;
    }
}
