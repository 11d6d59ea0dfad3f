using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps.Guests;

/// <summary>A new VM's domain and disk: its name and sizes, and the base image its disk is an overlay of.</summary>
/// <param name="Image">
/// The base image (as imported onto the host) the disk grows from, with a cloud-init seed and the guest agent's
/// channel; null for a blank disk (network installs), today's behaviour.
/// </param>
public sealed record DomainArguments(string Name, int MemoryMiB, int Vcpus, int DiskGiB, string? Image = null) : IStepArguments
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Checks()
        .Name("name", Name)
        .OptionalName("image", Image)
        .Range("memoryMiB", MemoryMiB, VmParameterRules.MinMemoryMiB, VmParameterRules.MaxMemoryMiB)
        .Range("vcpus", Vcpus, 1, VmParameterRules.MaxVcpus)
        .Range("diskGiB", DiskGiB, 1, VmParameterRules.MaxDiskGiB)
        .Result;
}
