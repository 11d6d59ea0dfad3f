namespace Provisioning.Domain.Steps.Decommission;

/// <summary>The VM a decommission removes, and whether an operator forces it (a VM Provisioning did not make).</summary>
public sealed record DecommissionArguments(string Name, bool Force) : IStepArguments
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Checks().Name("name", Name).Result;
}
