using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Vm;

/// <summary>New sizes for a shut-off VM (parameter set <c>resize-vm</c>); at least one is given.</summary>
/// <param name="MemoryMiB">New memory, or null to keep it.</param>
/// <param name="Vcpus">New vCPU count, or null to keep it.</param>
public sealed record VmResize(string Name, string Host, int? MemoryMiB, int? Vcpus) : IExistingVm
{
    public IReadOnlyDictionary<string, string> ToParameters()
    {
        var p = new Dictionary<string, string> { ["name"] = Name, ["host"] = Host };
        if (MemoryMiB is { } memory) p["memoryMiB"] = FieldRules.Wire(memory);
        if (Vcpus is { } vcpus) p["vcpus"] = FieldRules.Wire(vcpus);
        return p;
    }

    /// <summary>Reads the wire form, re-checking every rule; throws <see cref="ArgumentException"/> naming the bad fields.</summary>
    public static VmResize FromParameters(IReadOnlyDictionary<string, string> parameters)
    {
        var errors = new Dictionary<string, string[]>();
        return FieldRules.OrThrow(ResizeRules.Parse(parameters, errors), Workflows.ParameterSets.ResizeVm, errors);
    }
}
