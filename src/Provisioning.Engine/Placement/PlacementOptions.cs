using Provisioning.Domain.Placement;

namespace Provisioning.Engine.Placement;

/// <summary>
/// How much of each host placement hands out (configuration section <c>Engine:Placement</c>); agents may cap
/// their own host lower (<c>Agent:MaxGuestMemoryMiB</c>, <c>Agent:MaxGuestVcpus</c>).
/// </summary>
public sealed class PlacementOptions
{
    /// <summary>Guest vCPUs per logical CPU of the host.</summary>
    public double CpuOvercommit { get; set; } = PlacementPolicy.Default.CpuOvercommit;

    /// <summary>Guest memory per MiB of host memory (1.0: no overcommit).</summary>
    public double MemoryOvercommit { get; set; } = PlacementPolicy.Default.MemoryOvercommit;

    /// <summary>Memory kept for the host itself (hypervisor, QEMU overhead, the agent), taken off the limit.</summary>
    public long ReservedMemoryMiB { get; set; } = PlacementPolicy.Default.ReservedMemoryMiB;

    /// <summary>The pure policy these settings make.</summary>
    public PlacementPolicy ToPolicy() => new(CpuOvercommit, MemoryOvercommit, ReservedMemoryMiB);

    /// <summary>What is wrong with the settings, if anything.</summary>
    public IEnumerable<string> Problems()
    {
        if (!(CpuOvercommit > 0) || double.IsInfinity(CpuOvercommit)) yield return "Placement:CpuOvercommit must be a number above 0";
        if (!(MemoryOvercommit > 0) || double.IsInfinity(MemoryOvercommit)) yield return "Placement:MemoryOvercommit must be a number above 0";
        if (ReservedMemoryMiB < 0) yield return "Placement:ReservedMemoryMiB must not be negative";
    }
}
