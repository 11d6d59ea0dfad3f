namespace Provisioning.Domain.Steps.Guests;

/// <summary>The VM to start and the VLAN tag its OVS port must carry (none: untagged).</summary>
public sealed record BootArguments(string Name, int? Vlan) : IStepArguments
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Checks()
        .Name("name", Name)
        .OptionalVlan("vlan", Vlan)
        .Result;
}
