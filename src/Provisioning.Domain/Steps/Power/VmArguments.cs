using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps.Power;

/// <summary>An existing VM by name, and how long a graceful shutdown may take (null: the agent's default).</summary>
public sealed record VmArguments(string Name, int? GraceSeconds) : IStepArguments
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Checks()
        .Name("name", Name)
        .OptionalRange("graceSeconds", GraceSeconds, 0, VmReferenceRules.MaxGraceSeconds)
        .Result;
}
