using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Workflows;

/// <summary>
/// One parameter set a workflow definition may declare: its fields with their JSON kinds, and the pure
/// rules that turn the wire form into validated parameters (filling errors per field, null when wrong).
/// </summary>
public sealed record ParameterSet(
    string Name,
    IReadOnlyDictionary<string, ParameterKind> Fields,
    Func<IReadOnlyDictionary<string, string>, IDictionary<string, string[]>, IRequestParameters?> Parse,
    IReadOnlyCollection<string>? Assigned = null)
{
    /// <summary>
    /// Fields the engine writes into a request's parameters at submission (an address lease), which the stored form
    /// carries and agents re-check, but a submitter may not set.
    /// </summary>
    public IReadOnlyCollection<string> AssignedFields => Assigned ?? [];

    /// <summary>The JSON kind of a field; unknown fields are text (the rules refuse them by name).</summary>
    public ParameterKind KindOf(string field) => Fields.GetValueOrDefault(field, ParameterKind.Text);
}
