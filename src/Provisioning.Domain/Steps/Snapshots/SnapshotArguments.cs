using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps.Snapshots;

/// <summary>A snapshot action on a VM: create, revert to or delete the snapshot named <paramref name="Snapshot"/>.</summary>
public sealed record SnapshotArguments(string Name, SnapshotAction Action, string Snapshot) : IStepArguments
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Checks()
        .Name("name", Name)
        .That(Enum.IsDefined(Action), "action", "must be create, revert or delete")
        .Name("snapshot", Snapshot)
        .Result;
}
