namespace Provisioning.Domain.Steps.Networking;

/// <summary>VLANs added to and removed from an existing switch's network on one host.</summary>
public sealed record VlanChangeArguments(string Bridge, string Network, IReadOnlyList<int> Add, IReadOnlyList<int> Remove)
    : IStepArguments, IBridgeArguments<VlanChangeArguments>
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Checks()
        .Interface("bridge", Bridge)
        .Name("network", Network)
        .Vlans("add", Add)
        .Vlans("remove", Remove)
        .That((Add ?? []).Count + (Remove ?? []).Count > 0, "add", "add or remove must list at least one VLAN")
        .That(!(Add ?? []).Intersect(Remove ?? []).Any(), "remove", "must not list a VLAN that add lists too")
        .Result;

    public VlanChangeArguments WithBridgePrefix(string prefix) => this with { Bridge = prefix + Bridge, Network = prefix + Network };
}
