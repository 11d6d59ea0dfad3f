using Provisioning.Engine.Pools;

namespace Provisioning.Api.Pools;

/// <summary>An address pool as <c>/api/pools</c> shows it: its definition, how many addresses it hands out and holds, and (for one pool) its leases.</summary>
/// <param name="Size">How many addresses it hands out (its range without the network, broadcast and gateway addresses).</param>
/// <param name="Leased">How many of them requests hold now.</param>
/// <param name="Leases">Who holds which (only for <c>GET /api/pools/{name}</c>).</param>
public sealed record PoolView(
    string Name, string Bridge, int? Vlan, string Cidr, string Gateway, IReadOnlyList<string> Dns, RangeView Range, bool GatewayPort,
    long Size, int Leased, DateTimeOffset DefinedAt, string DefinedBy, IReadOnlyList<LeaseView>? Leases = null)
{
    public static PoolView From(PoolRecord p, IReadOnlyList<AddressLease> leases, bool withLeases)
    {
        var d = p.Definition;
        return new(d.Name, d.Bridge, d.Vlan, d.Cidr, d.Gateway, d.Dns, new RangeView(d.First, d.Last), d.GatewayPort, p.ToPool().Size, leases.Count,
            p.DefinedAt, p.DefinedBy, withLeases ? [.. leases.OrderBy(l => l.AllocatedAt).Select(LeaseView.From)] : null);
    }
}
