namespace Provisioning.Domain.Steps.Guests;

/// <summary>A VM's NIC on the network of <paramref name="Bridge"/> (named like it), in the VLAN's portgroup (or the untagged one).</summary>
public sealed record PortArguments(string Name, string Bridge, int? Vlan) : IStepArguments, IBridgeArguments<PortArguments>
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Checks()
        .Name("name", Name)
        .Interface("bridge", Bridge)
        .OptionalVlan("vlan", Vlan)
        .Result;

    public PortArguments WithBridgePrefix(string prefix) => this with { Bridge = prefix + Bridge };
}
