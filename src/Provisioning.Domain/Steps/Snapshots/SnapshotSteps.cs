using Provisioning.Domain.Steps.Snapshots;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps;

public static partial class StepCatalog
{
    /// <summary>A shut-off internal snapshot created, reverted to or deleted (snapshot-vm); the opposite request undoes it.</summary>
    public static readonly StepDefinition<SnapshotArguments, SnapshotOutputs> SnapshotDomain = new(
        "snapshot-domain",
        null,
        p =>
        {
            var s = VmSnapshot.FromParameters(p);
            return new SnapshotArguments(s.Name, s.Action, s.Snapshot);
        });
}
