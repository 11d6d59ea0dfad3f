using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Vm;

/// <summary>
/// The rules for <c>vm-reference</c> (start-vm, stop-vm, reboot-vm): <c>name</c> and <c>host</c> as for
/// provision-vm, and an optional <c>graceSeconds</c> (0..600) for the graceful shutdown of stop and reboot.
/// </summary>
public static class VmReferenceRules
{
    /// <summary>The longest graceful shutdown a request may ask for; step timeouts are set above it.</summary>
    public const int MaxGraceSeconds = 600;

    public static IReadOnlyDictionary<string, ParameterKind> Fields { get; } = new Dictionary<string, ParameterKind>
    {
        ["name"] = ParameterKind.Text,
        ["host"] = ParameterKind.Text,
        ["graceSeconds"] = ParameterKind.Integer,
    };

    /// <summary>Checks the wire form; fills <paramref name="errors"/> per field and returns null when anything is wrong.</summary>
    public static VmReference? Parse(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        FieldRules.RefuseUnknown(p, Fields.Keys.ToList(), ParameterSets.VmReference, errors);
        var name = FieldRules.Name(p, errors);
        var host = FieldRules.Host(p, errors);
        var grace = FieldRules.OptionalNumber(p, "graceSeconds", 0, MaxGraceSeconds, errors);
        return errors.Count == 0 ? new VmReference(name!, host!, grace) : null;
    }
}
