namespace Provisioning.Domain.Placement;

/// <summary>
/// How much of a host placement may hand out: guests' vCPUs up to <see cref="CpuOvercommit"/> per logical
/// CPU, guests' memory up to <see cref="MemoryOvercommit"/> times the host's memory less
/// <see cref="ReservedMemoryMiB"/> for the host itself, and never beyond the agent's own caps.
/// </summary>
public sealed record PlacementPolicy(double CpuOvercommit, double MemoryOvercommit, long ReservedMemoryMiB)
{
    /// <summary>4 vCPUs per CPU, no memory overcommit, 512 MiB kept for the hypervisor.</summary>
    public static PlacementPolicy Default { get; } = new(4.0, 1.0, 512);
}
