using System.Text.RegularExpressions;

namespace Provisioning.Agent.Steps;

/// <summary>
/// The agent's <see cref="AgentOptions.BridgeNamePrefix"/> applied to a command's bridge and network names, in one
/// place before any step sees them, so every step (create-bridge, attach-port, create-switch, change-vlans, and
/// their undos) uses the same host-local names. It exists because two agents on one machine share one OVS and one
/// libvirt: with a prefix each, "bridge sw" of one request is <c>&lt;prefixA&gt;sw</c> on one and
/// <c>&lt;prefixB&gt;sw</c> on the other. A name that grows past 15 characters fails the step's own checks, permanently.
/// </summary>
public static partial class BridgeNames
{
    /// <summary>Leaves room for a bridge name of at least 5 characters within Linux's 15.</summary>
    public const int MaxPrefixLength = 10;

    /// <summary>The parameters that name a bridge or a libvirt network.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["bridge", "network"];

    public static bool IsValidPrefix(string prefix) => prefix.Length <= MaxPrefixLength && PrefixPattern().IsMatch(prefix);

    /// <summary>The parameters with <paramref name="prefix"/> before each bridge and network name; unchanged without a prefix.</summary>
    public static IReadOnlyDictionary<string, string> Map(IReadOnlyDictionary<string, string> parameters, string? prefix)
    {
        if (string.IsNullOrEmpty(prefix) || !Keys.Any(parameters.ContainsKey)) return parameters;
        var mapped = new Dictionary<string, string>(parameters, StringComparer.Ordinal);
        foreach (var key in Keys)
        {
            if (mapped.TryGetValue(key, out var name) && name.Length > 0) mapped[key] = prefix + name;
        }
        return mapped;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex PrefixPattern();
}
