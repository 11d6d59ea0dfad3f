using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Hosts;

/// <summary>The rules for <c>host-reference</c>: one required <c>host</c>, as agents announce it.</summary>
public static class HostReferenceRules
{
    public static IReadOnlyDictionary<string, ParameterKind> Fields { get; } = new Dictionary<string, ParameterKind>
    {
        ["host"] = ParameterKind.Text,
    };

    /// <summary>Checks the wire form; fills <paramref name="errors"/> per field and returns null when anything is wrong.</summary>
    public static HostReference? Parse(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        FieldRules.RefuseUnknown(p, Fields.Keys.ToList(), ParameterSets.HostReference, errors);
        var host = FieldRules.Host(p, errors);
        return errors.Count == 0 ? new HostReference(host!) : null;
    }
}
