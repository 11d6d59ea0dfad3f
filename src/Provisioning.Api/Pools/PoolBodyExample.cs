namespace Provisioning.Api.Pools;

/// <summary>The body of <c>POST /api/pools</c>, for OpenAPI (the endpoint reads the JSON itself, to name every bad field).</summary>
/// <param name="Vlan">Null or left out: untagged.</param>
/// <param name="Range">Left out: the whole network.</param>
/// <param name="GatewayPort">The hosts get an OVS internal port on the bridge and VLAN holding the gateway address.</param>
public sealed record PoolBodyExample(
    string Name, string Bridge, int? Vlan, string Cidr, string Gateway, IReadOnlyList<string>? Dns, RangeView? Range, bool GatewayPort = false);
