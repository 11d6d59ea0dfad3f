using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Requests;

/// <summary>
/// The typed parameters a request was submitted with (a <see cref="VmSpec"/>, a <see cref="Hosts.HostReference"/>, ...),
/// read back from their stored wire form through the parameter set the submission recorded: what a request is about
/// follows from their type, never from its workflow's name.
/// </summary>
public static class SubmittedParameters
{
    /// <summary>The parameters of <paramref name="submitted"/>; null when it names no parameter set (or they no longer pass its rules).</summary>
    public static IRequestParameters? Of(RequestSubmitted submitted) => Of(submitted.ParameterSet, submitted.Parameters);

    /// <summary>The parameters of the request <paramref name="state"/> holds; null as above.</summary>
    public static IRequestParameters? Of(RequestAggregate state) => Of(state.ParameterSet, state.Parameters);

    private static IRequestParameters? Of(string? set, IReadOnlyDictionary<string, string> wire) =>
        set is not null && ParameterSets.Find(set) is { } rules ? rules.Parse(wire, new Dictionary<string, string[]>()) : null;
}
