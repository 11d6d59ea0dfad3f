using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps.Guests;

/// <summary>A new VM's domain and disk: its name and sizes.</summary>
public sealed record DomainArguments(string Name, int MemoryMiB, int Vcpus, int DiskGiB) : IStepArguments
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Checks()
        .Name("name", Name)
        .Range("memoryMiB", MemoryMiB, VmParameterRules.MinMemoryMiB, VmParameterRules.MaxMemoryMiB)
        .Range("vcpus", Vcpus, 1, VmParameterRules.MaxVcpus)
        .Range("diskGiB", DiskGiB, 1, VmParameterRules.MaxDiskGiB)
        .Result;
}
