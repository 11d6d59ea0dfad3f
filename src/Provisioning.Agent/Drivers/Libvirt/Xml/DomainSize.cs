namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>The sizes in a domain definition.</summary>
/// <param name="MemoryKiB">Boot memory (<c>&lt;memory&gt;</c>).</param>
/// <param name="CurrentMemoryKiB">Memory at start (<c>&lt;currentMemory&gt;</c>, the balloon target); equals boot memory when absent.</param>
/// <param name="Vcpus">Maximum vCPUs (<c>&lt;vcpu&gt;</c>).</param>
/// <param name="CurrentVcpus">vCPUs online at start (<c>current</c> attribute); equals the maximum when absent.</param>
/// <param name="MaxMemoryKiB">The memory hot-plug ceiling (<c>&lt;maxMemory&gt;</c>), when there is one.</param>
public sealed record DomainSize(long MemoryKiB, long CurrentMemoryKiB, int Vcpus, int CurrentVcpus, long? MaxMemoryKiB)
{
    /// <summary>True when the definition already has exactly this memory (boot and current) and vCPU count (maximum and current).</summary>
    public bool Is(long memoryKiB, int vcpus) =>
        MemoryKiB == memoryKiB && CurrentMemoryKiB == memoryKiB && Vcpus == vcpus && CurrentVcpus == vcpus;
}
