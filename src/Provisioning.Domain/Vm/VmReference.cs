using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Vm;

/// <summary>An existing VM, by host and name (parameter set <c>vm-reference</c>).</summary>
/// <param name="GraceSeconds">How long a graceful (ACPI) shutdown may take before the VM is destroyed; null means the agent's default.</param>
public sealed record VmReference(string Name, string Host, int? GraceSeconds = null) : IExistingVm
{
    public IReadOnlyDictionary<string, string> ToParameters()
    {
        var p = new Dictionary<string, string> { ["name"] = Name, ["host"] = Host };
        if (GraceSeconds is { } grace) p["graceSeconds"] = FieldRules.Wire(grace);
        return p;
    }

    /// <summary>Reads a <c>vm-reference</c> wire form, re-checking every rule; throws <see cref="ArgumentException"/> naming the bad fields.</summary>
    public static VmReference FromParameters(IReadOnlyDictionary<string, string> parameters)
    {
        var errors = new Dictionary<string, string[]>();
        return FieldRules.OrThrow(VmReferenceRules.Parse(parameters, errors), Workflows.ParameterSets.VmReference, errors);
    }

    /// <summary>
    /// The VM named by any VM parameter set (the steps a stop shares between stop-vm and decommission-vm
    /// read it so): name, host and grace are checked, the set's other fields are left to its own rules.
    /// </summary>
    public static VmReference Within(IReadOnlyDictionary<string, string> parameters)
    {
        var errors = new Dictionary<string, string[]>();
        var name = FieldRules.Name(parameters, errors);
        var host = FieldRules.Host(parameters, errors);
        var grace = FieldRules.OptionalNumber(parameters, "graceSeconds", 0, VmReferenceRules.MaxGraceSeconds, errors);
        return FieldRules.OrThrow(errors.Count == 0 ? new VmReference(name!, host!, grace) : null, "VM", errors);
    }
}
