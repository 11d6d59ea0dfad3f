namespace Provisioning.Agent.Steps.Networking;

/// <summary>What the host says about a NIC a request wants as a bridge's uplink (<see cref="UplinkFacts"/> reads it).</summary>
/// <param name="Exists">The interface is there.</param>
/// <param name="Addresses">Its addresses of global or site scope (a link-local IPv6 address every up NIC has does not count).</param>
/// <param name="HoldsDefaultRoute">An IPv4 or IPv6 default route leaves through it.</param>
/// <param name="Master">What it is enslaved to: an OVS bridge's name, a Linux bridge or bond; null when nothing.</param>
public sealed record UplinkFacts(bool Exists, IReadOnlyList<string> Addresses, bool HoldsDefaultRoute, string? Master)
{
    /// <summary>Devices stacked on it (VLAN sub-interfaces, macvlans): their traffic goes through it.</summary>
    public IReadOnlyList<string> Uppers { get; init; } = [];
}

/// <summary>
/// Whether a NIC may become a bridge's uplink. Plugging a NIC into an OVS bridge moves its traffic into the bridge: a
/// NIC with an address or the default route is how the host itself is reached (its management network), and one in
/// another bridge or a bond serves something else. Only NICs the agent's configuration names are ever taken.
/// </summary>
public static class UplinkRules
{
    /// <summary>Why <paramref name="nic"/> may not be <paramref name="bridge"/>'s uplink, or null when it may.</summary>
    /// <param name="allowed">The agent's <c>Agent:AllowedUplinks</c>: names, or prefixes ending in <c>*</c>.</param>
    public static string? Refusal(string nic, string bridge, string host, UplinkFacts facts, IReadOnlyCollection<string> allowed)
    {
        if (!IsAllowed(nic, allowed)) return NotAllowed(nic, host);
        if (!facts.Exists) return $"uplink NIC '{nic}' does not exist on host {host}";
        if (facts.Addresses.Count > 0) return $"uplink NIC '{nic}' on host {host} carries addresses ({string.Join(", ", facts.Addresses)}): the host is reached through it";
        if (facts.HoldsDefaultRoute) return $"uplink NIC '{nic}' on host {host} holds the host's default route";
        if (facts.Master is { } master && master != bridge) return $"uplink NIC '{nic}' on host {host} is already part of '{master}'";
        if (facts.Uppers.Count > 0) return $"uplink NIC '{nic}' on host {host} carries {string.Join(", ", facts.Uppers)} (a VLAN or macvlan on it)";
        return null;
    }

    /// <summary>The refusal of a NIC the allow-list does not name: decided before the host is asked anything.</summary>
    public static string NotAllowed(string nic, string host) => $"uplink NIC '{nic}' is not one this agent may use on host {host} (Agent:AllowedUplinks)";

    /// <summary>An allow-list entry: an interface name (at most 15 characters, no '/' or space), or a non-empty prefix of one followed by <c>*</c>.</summary>
    public static bool IsValidEntry(string entry)
    {
        var name = entry.EndsWith('*') ? entry[..^1] : entry;
        return name.Length is > 0 and <= 15 && !name.Any(c => c is '/' or '*' or ':' || char.IsWhiteSpace(c) || char.IsControl(c)) && name is not ("." or "..");
    }

    /// <summary>Is <paramref name="nic"/> named by the allow-list, exactly or by a prefix ending in <c>*</c>?</summary>
    public static bool IsAllowed(string nic, IReadOnlyCollection<string> allowed) =>
        allowed.Any(a => a.EndsWith('*') ? a.Length > 1 && nic.StartsWith(a[..^1], StringComparison.Ordinal) : a == nic);
}
