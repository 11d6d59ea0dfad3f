using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Vm;

/// <summary>A snapshot action on a VM (parameter set <c>snapshot-vm</c>).</summary>
/// <param name="Snapshot">The snapshot's name, libvirt-safe like a VM name.</param>
public sealed record VmSnapshot(string Name, string Host, SnapshotAction Action, string Snapshot) : IExistingVm
{
    public IReadOnlyDictionary<string, string> ToParameters() => new Dictionary<string, string>
    {
        ["name"] = Name,
        ["host"] = Host,
        ["action"] = SnapshotRules.Wire(Action),
        ["snapshot"] = Snapshot,
    };

    /// <summary>Reads the wire form, re-checking every rule; throws <see cref="ArgumentException"/> naming the bad fields.</summary>
    public static VmSnapshot FromParameters(IReadOnlyDictionary<string, string> parameters)
    {
        var errors = new Dictionary<string, string[]>();
        return FieldRules.OrThrow(SnapshotRules.Parse(parameters, errors), Workflows.ParameterSets.SnapshotVm, errors);
    }
}
