using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Vm;

/// <summary>
/// The rules for <c>decommission-vm</c>: a VM reference (<c>name</c>, <c>host</c>, optional
/// <c>graceSeconds</c>) and an optional boolean <c>force</c>.
/// </summary>
public static class DecommissionRules
{
    public static IReadOnlyDictionary<string, ParameterKind> Fields { get; } = new Dictionary<string, ParameterKind>
    {
        ["name"] = ParameterKind.Text,
        ["host"] = ParameterKind.Text,
        ["graceSeconds"] = ParameterKind.Integer,
        ["force"] = ParameterKind.Boolean,
    };

    /// <summary>Checks the wire form; fills <paramref name="errors"/> per field and returns null when anything is wrong.</summary>
    public static VmDecommission? Parse(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        FieldRules.RefuseUnknown(p, Fields.Keys.ToList(), ParameterSets.DecommissionVm, errors);
        var name = FieldRules.Name(p, errors);
        var host = FieldRules.Host(p, errors);
        var grace = FieldRules.OptionalNumber(p, "graceSeconds", 0, VmReferenceRules.MaxGraceSeconds, errors);
        var force = FieldRules.Flag(p, "force", errors);
        return errors.Count == 0 ? new VmDecommission(name!, host!, force, grace) : null;
    }
}
