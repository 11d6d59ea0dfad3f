using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps.Snapshots;

/// <summary>The snapshot action done on the VM.</summary>
public sealed record SnapshotOutputs(string Domain, string Snapshot, SnapshotAction Action);
