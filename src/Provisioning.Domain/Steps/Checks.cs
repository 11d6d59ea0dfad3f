using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps;

/// <summary>
/// The field rules of the parameter sets, for typed step arguments: an agent re-checks what it receives with the
/// same rules (and words) the API applied to the request.
/// </summary>
internal sealed class Checks
{
    private readonly Dictionary<string, string[]> errors = new(StringComparer.Ordinal);

    /// <summary>What the checks found, by field.</summary>
    public IReadOnlyDictionary<string, string[]> Result => errors;

    /// <summary>A libvirt-safe name (VMs, networks, snapshots).</summary>
    public Checks Name(string field, string? value) =>
        Text(field, value, VmParameterRules.NamePattern().IsMatch, FieldRules.NameRule);

    /// <summary>A libvirt-safe name when one is given.</summary>
    public Checks OptionalName(string field, string? value) => value is null ? this : Name(field, value);

    /// <summary>A Linux interface name (bridges, NICs).</summary>
    public Checks Interface(string field, string? value) =>
        Text(field, value, VmParameterRules.InterfacePattern().IsMatch, FieldRules.InterfaceRule);

    /// <summary>An interface name when one is given.</summary>
    public Checks OptionalInterface(string field, string? value) => value is null ? this : Interface(field, value);

    /// <summary>A whole number in [min, max].</summary>
    public Checks Range(string field, int value, int min, int max) =>
        That(value >= min && value <= max, field, $"must be a whole number from {min} to {max}");

    /// <summary>A whole number in [min, max] when one is given.</summary>
    public Checks OptionalRange(string field, int? value, int min, int max) => value is { } v ? Range(field, v, min, max) : this;

    /// <summary>A VLAN a request may name (<see cref="VlanIds"/>) when one is given.</summary>
    public Checks OptionalVlan(string field, int? vlan) =>
        vlan is { } v && VlanIds.Problem(v) is { } problem ? That(false, field, problem) : this;

    /// <summary>VLAN ids, each one a request may name (<see cref="VlanIds"/>) and at most once.</summary>
    public Checks Vlans(string field, IReadOnlyList<int>? vlans)
    {
        if (vlans is null) return That(false, field, "is required");
        var problems = vlans.Select(v => (Vlan: v, Problem: VlanIds.Problem(v))).Where(p => p.Problem is not null).Select(p => $"{p.Vlan} {p.Problem}")
            .Concat(vlans.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => $"lists {g.Key} more than once"))
            .ToArray();
        if (problems.Length > 0) errors[field] = problems;
        return this;
    }

    /// <summary>A rule of its own: <paramref name="ok"/> or <paramref name="problem"/>.</summary>
    public Checks That(bool ok, string field, string problem)
    {
        if (!ok) errors.TryAdd(field, [problem]);
        return this;
    }

    private Checks Text(string field, string? value, Func<string, bool> matches, string rule)
    {
        if (string.IsNullOrEmpty(value)) return That(false, field, "is required");
        return That(matches(value) && !value.Contains("..", StringComparison.Ordinal), field, rule);
    }
}
