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
        var addresses = Addresses(await IpJsonAsync(["-json", "addr", "show", "dev", nic], ct));
        var routes = DefaultRouteDevices(await IpJsonAsync(["-json", "-4", "route", "show", "default"], ct))
            .Concat(DefaultRouteDevices(await IpJsonAsync(["-json", "-6", "route", "show", "default"], ct)));
        return new UplinkFacts(true, addresses, routes.Contains(nic), await MasterAsync(sys, nic, ct));
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
        if (await ovs.PortToBridge(nic, ct) is { Length: > 0 } bridge) return bridge;
        return new FileInfo(Path.Combine(sys, "master")).LinkTarget is { } target ? Path.GetFileName(target) : null;
    }

    private async Task<JsonElement> IpJsonAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var result = await processes.RunAsync("ip", arguments, IpTimeout, cancellationToken: ct);
        if (result.ExitCode != 0) throw StepFailedException.Transient($"ip {string.Join(' ', arguments)} failed: {result.StandardError.Trim()}");
        var text = result.StandardOutput.Trim();
        using var document = JsonDocument.Parse(text.Length == 0 ? "[]" : text);
        return document.RootElement.Clone();
    }

    private static IEnumerable<JsonElement> Items(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static IEnumerable<JsonElement> Items(JsonElement item, string property) =>
        item.TryGetProperty(property, out var list) ? Items(list) : [];
}
