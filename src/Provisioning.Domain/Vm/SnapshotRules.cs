using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Vm;

/// <summary>
/// The rules for <c>snapshot-vm</c>: a VM (<c>name</c>, <c>host</c>), an <c>action</c>
/// (<c>create</c>, <c>revert</c> or <c>delete</c>) and a <c>snapshot</c> name held to the VM-name rule.
/// </summary>
public static class SnapshotRules
{
    public static IReadOnlyDictionary<string, ParameterKind> Fields { get; } = new Dictionary<string, ParameterKind>
    {
        ["name"] = ParameterKind.Text,
        ["host"] = ParameterKind.Text,
        ["action"] = ParameterKind.Text,
        ["snapshot"] = ParameterKind.Text,
    };

    /// <summary>Checks the wire form; fills <paramref name="errors"/> per field and returns null when anything is wrong.</summary>
    public static VmSnapshot? Parse(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        FieldRules.RefuseUnknown(p, Fields.Keys.ToList(), ParameterSets.SnapshotVm, errors);
        var name = FieldRules.Name(p, errors);
        var host = FieldRules.Host(p, errors);
        SnapshotAction? action = null;
        if (!p.TryGetValue("action", out var raw) || raw.Length == 0) errors["action"] = ["is required"];
        else if ((action = ActionOf(raw)) is null) errors["action"] = ["must be create, revert or delete"];
        var snapshot = FieldRules.Text(p, "snapshot", VmParameterRules.NamePattern(), FieldRules.NameRule, errors);
        return errors.Count == 0 ? new VmSnapshot(name!, host!, action!.Value, snapshot!) : null;
    }

    /// <summary>The wire form of an action: <c>create</c>, <c>revert</c>, <c>delete</c>.</summary>
    public static string Wire(SnapshotAction action) => action switch
    {
        SnapshotAction.Create => "create",
        SnapshotAction.Revert => "revert",
        SnapshotAction.Delete => "delete",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static SnapshotAction? ActionOf(string raw) => raw switch
    {
        "create" => SnapshotAction.Create,
        "revert" => SnapshotAction.Revert,
        "delete" => SnapshotAction.Delete,
        _ => null,
    };
}
