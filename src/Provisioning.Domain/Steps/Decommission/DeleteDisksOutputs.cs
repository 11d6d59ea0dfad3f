namespace Provisioning.Domain.Steps.Decommission;

/// <summary>The disks deleted (pool volumes) and those kept, with why (shared, or not a pool volume).</summary>
public sealed record DeleteDisksOutputs(VmClaimOutputs Vm, IReadOnlyList<string> Deleted, IReadOnlyList<string> Kept);
