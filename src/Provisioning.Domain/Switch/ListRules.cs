using System.Globalization;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Switch;

/// <summary>
/// The list fields of the switch parameter sets. On the wire a list is its items joined by ','
/// (<see cref="Workflows.ParameterKind.TextList"/>, <see cref="Workflows.ParameterKind.IntegerList"/>); the API
/// refuses items that contain ',' before these rules see them, so splitting gives back the client's items.
/// </summary>
internal static class ListRules
{
    /// <summary>More hosts than this in one request is a mistake, not a fleet.</summary>
    public const int MaxHosts = 64;

    public static IReadOnlyList<string> Split(string wire) => wire.Length == 0 ? [] : wire.Split(',');

    public static string Join<T>(IEnumerable<T> items) =>
        string.Join(',', items.Select(i => Convert.ToString(i, CultureInfo.InvariantCulture)));

    /// <summary>A required list of at least one host name, each at most once (host names compare case-insensitively).</summary>
    public static IReadOnlyList<string>? Hosts(IReadOnlyDictionary<string, string> p, string key, IDictionary<string, string[]> errors)
    {
        if (!p.TryGetValue(key, out var wire) || wire.Length == 0)
        {
            errors[key] = ["is required: a list of at least one host name"];
            return null;
        }
        var hosts = Split(wire);
        var problems = new List<string>();
        if (hosts.Count > MaxHosts) problems.Add($"must list at most {MaxHosts} hosts");
        for (var i = 0; i < hosts.Count; i++)
        {
            var host = hosts[i];
            if (!VmParameterRules.HostPattern().IsMatch(host) || host.Length > 253)
            {
                problems.Add($"item {i + 1} ('{host}') must be a host name (letters, digits, '-' and '.')");
            }
        }
        foreach (var twice in hosts.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"lists '{twice.Key}' more than once");
        }
        if (problems.Count > 0)
        {
            errors[key] = [.. problems];
            return null;
        }
        return hosts;
    }

    /// <summary>An optional list of VLAN ids (<see cref="VlanIds"/>: 1..4093), each at most once; absent or empty is none.</summary>
    public static IReadOnlyList<int>? Vlans(IReadOnlyDictionary<string, string> p, string key, IDictionary<string, string[]> errors)
    {
        if (!p.TryGetValue(key, out var wire) || wire.Length == 0) return [];
        var items = Split(wire);
        var vlans = new List<int>();
        var problems = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var problem = int.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out var vlan)
                ? VlanIds.Problem(vlan)
                : VlanIds.Problem(-1);
            if (problem is null) vlans.Add(vlan);
            else problems.Add($"item {i + 1} ({items[i]}) {problem}");
        }
        foreach (var twice in vlans.GroupBy(v => v).Where(g => g.Count() > 1))
        {
            problems.Add($"lists {twice.Key} more than once");
        }
        if (problems.Count > 0)
        {
            errors[key] = [.. problems];
            return null;
        }
        return vlans;
    }
}
