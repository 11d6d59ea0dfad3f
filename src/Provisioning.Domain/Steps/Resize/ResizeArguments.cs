using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps.Resize;

/// <summary>New memory and/or vCPUs for a shut-off VM (null keeps the current value).</summary>
public sealed record ResizeArguments(string Name, int? MemoryMiB, int? Vcpus) : IStepArguments
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Checks()
        .Name("name", Name)
        .OptionalRange("memoryMiB", MemoryMiB, VmParameterRules.MinMemoryMiB, VmParameterRules.MaxMemoryMiB)
        .OptionalRange("vcpus", Vcpus, 1, VmParameterRules.MaxVcpus)
        .That(MemoryMiB is not null || Vcpus is not null, "memoryMiB", "give memoryMiB, vcpus or both")
        .Result;
}
