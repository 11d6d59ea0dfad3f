using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Vm;

/// <summary>A VM to remove (parameter set <c>decommission-vm</c>).</summary>
/// <param name="Force">Remove it even though Provisioning did not create it (no provisioning metadata); an operator's call.</param>
/// <param name="GraceSeconds">How long a graceful shutdown may take before the VM is destroyed; null means the agent's default.</param>
public sealed record VmDecommission(string Name, string Host, bool Force = false, int? GraceSeconds = null) : IExistingVm
{
    public IReadOnlyDictionary<string, string> ToParameters()
    {
        var p = new Dictionary<string, string> { ["name"] = Name, ["host"] = Host };
        // Only a true force is written: the wire form of an ordinary request stays minimal and hashes alike.
        if (Force) p["force"] = "true";
        if (GraceSeconds is { } grace) p["graceSeconds"] = FieldRules.Wire(grace);
        return p;
    }

    /// <summary>Reads the wire form, re-checking every rule; throws <see cref="ArgumentException"/> naming the bad fields.</summary>
    public static VmDecommission FromParameters(IReadOnlyDictionary<string, string> parameters)
    {
        var errors = new Dictionary<string, string[]>();
        return FieldRules.OrThrow(DecommissionRules.Parse(parameters, errors), Workflows.ParameterSets.DecommissionVm, errors);
    }
}
