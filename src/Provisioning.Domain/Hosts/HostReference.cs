using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Hosts;

/// <summary>
/// A host by name (parameter set <c>host-reference</c>, e.g. onboard-host): the request acts on the host
/// itself, not on a VM, so the host name also stands in as <see cref="Name"/>.
/// </summary>
public sealed record HostReference(string Host) : IRequestParameters
{
    /// <summary>The host name: there is no VM.</summary>
    public string Name => Host;

    public IReadOnlyDictionary<string, string> ToParameters() => new Dictionary<string, string> { ["host"] = Host };

    /// <summary>Reads a <c>host-reference</c> wire form, re-checking every rule; throws <see cref="ArgumentException"/> naming the bad fields.</summary>
    public static HostReference FromParameters(IReadOnlyDictionary<string, string> parameters)
    {
        var errors = new Dictionary<string, string[]>();
        return FieldRules.OrThrow(HostReferenceRules.Parse(parameters, errors), ParameterSets.HostReference, errors);
    }
}
