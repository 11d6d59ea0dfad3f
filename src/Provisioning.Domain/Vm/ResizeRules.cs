using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Vm;

/// <summary>
/// The rules for <c>resize-vm</c>: a VM (<c>name</c>, <c>host</c>) and <c>memoryMiB</c> and/or
/// <c>vcpus</c> within the bounds provision-vm accepts; a request changing neither is refused.
/// </summary>
public static class ResizeRules
{
    public const string NeitherGiven = "memoryMiB or vcpus (or both) is required";

    public static IReadOnlyDictionary<string, ParameterKind> Fields { get; } = new Dictionary<string, ParameterKind>
    {
        ["name"] = ParameterKind.Text,
        ["host"] = ParameterKind.Text,
        ["memoryMiB"] = ParameterKind.Integer,
        ["vcpus"] = ParameterKind.Integer,
    };

    /// <summary>Checks the wire form; fills <paramref name="errors"/> per field and returns null when anything is wrong.</summary>
    public static VmResize? Parse(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        FieldRules.RefuseUnknown(p, Fields.Keys.ToList(), ParameterSets.ResizeVm, errors);
        var name = FieldRules.Name(p, errors);
        var host = FieldRules.Host(p, errors);
        var memory = FieldRules.OptionalNumber(p, "memoryMiB", VmParameterRules.MinMemoryMiB, VmParameterRules.MaxMemoryMiB, errors);
        var vcpus = FieldRules.OptionalNumber(p, "vcpus", 1, VmParameterRules.MaxVcpus, errors);
        if (!p.ContainsKey("memoryMiB") && !p.ContainsKey("vcpus"))
        {
            errors["memoryMiB"] = [NeitherGiven];
            errors["vcpus"] = [NeitherGiven];
        }
        return errors.Count == 0 ? new VmResize(name!, host!, memory, vcpus) : null;
    }
}
