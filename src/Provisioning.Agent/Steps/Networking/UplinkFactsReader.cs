using System.Text.Json;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Drivers.Processes;

namespace Provisioning.Agent.Steps.Networking;

/// <summary>Reads <see cref="UplinkFacts"/> from the host: <c>ip -json</c> for addresses and default routes, sysfs and OVS for its master.</summary>
public sealed class UplinkFactsReader(ProcessRunner processes, OvsVsctl ovs)
{
    private static readonly TimeSpan IpTimeout = TimeSpan.FromSeconds(10);

    public async Task<UplinkFacts> ReadAsync(string nic, CancellationToken ct)
    {
        // A name with '/' would leave sysfs's directory; the door refuses it, and the agent does not trust the door.
        if (nic.Contains('/') || nic is "." or "..") return new UplinkFacts(false, [], false, null);
        var sys = Path.Combine("/sys/class/net", nic);
        if (!Directory.Exists(sys)) return new UplinkFacts(false, [], false, null);
        var addresses = Addresses(await IpJsonAsync(["-json", "addr", "show", "dev", nic], required: true, ct));
        // Without IPv6 (disabled, or no module) there are no IPv6 default routes to hold.
        var routes = DefaultRouteDevices(await IpJsonAsync(["-json", "-4", "route", "show", "default"], required: true, ct))
            .Concat(DefaultRouteDevices(await IpJsonAsync(["-json", "-6", "route", "show", "default"], required: false, ct)));
        // A VLAN sub-interface or macvlan on the NIC carries its traffic: whatever it holds goes with the NIC.
        var uppers = Directory.EnumerateFileSystemEntries(sys, "upper_*").Select(p => Path.GetFileName(p)["upper_".Length..]).ToList();
        return new UplinkFacts(true, addresses, routes.Contains(nic), await MasterAsync(sys, nic, ct)) { Uppers = uppers };
    }

    /// <summary>Addresses of global or site scope from <c>ip -json addr show</c>.</summary>
    public static IReadOnlyList<string> Addresses(JsonElement links) =>
        [.. Items(links).SelectMany(link => Items(link, "addr_info"))
            .Where(a => a.TryGetProperty("scope", out var scope) && scope.GetString() is not ("link" or "host"))
            .Select(a => a.TryGetProperty("local", out var local) ? local.GetString() ?? "?" : "?")];

    /// <summary>The devices default routes leave through, from <c>ip -json route show default</c> (multipath routes too).</summary>
    public static IEnumerable<string> DefaultRouteDevices(JsonElement routes) =>
        Items(routes).SelectMany(route => Items(route, "nexthops").Append(route))
            .Select(hop => hop.TryGetProperty("dev", out var dev) ? dev.GetString() : null)
            .OfType<string>();

    /// <summary>
    /// Its bridge or bond: OVS first (a port of a userspace bridge has no master in sysfs, and a kernel one's master is
    /// the datapath, <c>ovs-system</c>), then sysfs for a Linux bridge or bond.
    /// </summary>
    private async Task<string?> MasterAsync(string sys, string nic, CancellationToken ct)
    {
        if (await ovs.InterfaceToBridge(nic, ct) is { Length: > 0 } bridge) return bridge;
        return new FileInfo(Path.Combine(sys, "master")).LinkTarget is { } target ? Path.GetFileName(target) : null;
    }

    /// <summary>
    /// <c>ip</c>'s JSON answer. An <c>ip</c> that cannot answer in JSON (iproute2 before 4.13) will not learn to on a
    /// retry: that is a permanent failure, said plainly. A call that is not <paramref name="required"/> answers nothing on failure.
    /// </summary>
    private async Task<JsonElement> IpJsonAsync(IReadOnlyList<string> arguments, bool required, CancellationToken ct)
    {
        var result = await processes.RunAsync("ip", arguments, IpTimeout, cancellationToken: ct);
        var text = result.StandardOutput.Trim();
        if (result.ExitCode != 0)
        {
            if (!required) return Empty;
            throw StepFailedException.Transient($"ip {string.Join(' ', arguments)} failed: {result.StandardError.Trim()}");
        }
        try
        {
            using var document = JsonDocument.Parse(text.Length == 0 ? "[]" : text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw StepFailedException.Permanent($"ip {string.Join(' ', arguments)} did not answer in JSON (iproute2 4.13 or later is needed to check an uplink)");
        }
    }

    private static readonly JsonElement Empty = JsonDocument.Parse("[]").RootElement.Clone();

    private static IEnumerable<JsonElement> Items(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static IEnumerable<JsonElement> Items(JsonElement item, string property) =>
        item.TryGetProperty(property, out var list) ? Items(list) : [];
}
