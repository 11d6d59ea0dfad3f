using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Provisioning.Agent.Drivers.Processes;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Drivers.Ovs;

/// <summary>
/// Open vSwitch through <c>ovs-vsctl</c>, the way libvirt itself drives it: an argument array (no
/// shell), <c>--timeout</c> so a dead ovsdb-server cannot hang a step, <c>--may-exist</c> /
/// <c>--if-exists</c> for idempotent writes, and <c>--format=json</c> for reads. Several
/// <c>--</c>-separated commands in one call are one OVSDB transaction: all or nothing.
/// </summary>
public sealed partial class OvsVsctl
{
    private readonly ProcessRunner runner;
    private readonly string executable;

    public OvsVsctl(ProcessRunner runner, int timeoutSeconds, string executable = "ovs-vsctl")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeoutSeconds, 1);
        this.runner = runner;
        this.executable = executable;
        TimeoutSeconds = timeoutSeconds;
    }

    /// <summary>Passed as <c>--timeout</c>; the process itself is killed a little later.</summary>
    public int TimeoutSeconds { get; }

    /// <summary>ovs-vsctl's own version, e.g. <c>3.1.0</c>.</summary>
    public async Task<string> Version(CancellationToken ct = default)
    {
        var result = await runner.RunCheckedAsync(executable, ["--version"], ProcessTimeout, cancellationToken: ct);
        var first = result.StandardOutput.Split('\n', 2)[0].Trim();
        var match = VersionPattern().Match(first);
        return match.Success ? match.Value : first;
    }

    /// <summary>Talks to ovsdb-server (<c>ovs-vsctl show</c>); throws when it is not reachable.</summary>
    public async Task<string> Show(CancellationToken ct = default) =>
        (await Run(["show"], ct)).StandardOutput;

    public async Task<IReadOnlyList<string>> ListBridges(CancellationToken ct = default) =>
        Lines((await Run(["list-br"], ct)).StandardOutput);

    public async Task<bool> BridgeExists(string bridge, CancellationToken ct = default)
    {
        CheckName(bridge, nameof(bridge));
        var result = await runner.RunAsync(executable, [Timeout, "br-exists", bridge], ProcessTimeout, cancellationToken: ct);
        return result.ExitCode switch
        {
            0 => true,
            2 => false,
            _ => throw new ProcessFailedException(result.Argv, result.ExitCode, result.StandardError, timedOut: false),
        };
    }

    /// <summary>
    /// Creates the bridge with its datapath type and external ids in one transaction. On an existing
    /// bridge this would overwrite both, so callers check <see cref="BridgeExists"/> first.
    /// </summary>
    public Task AddBridge(string bridge, string datapathType, IReadOnlyDictionary<string, string> externalIds, CancellationToken ct = default)
    {
        CheckName(bridge, nameof(bridge));
        if (datapathType is not (DatapathTypes.System or DatapathTypes.Netdev))
        {
            throw new ArgumentException($"datapath type must be '{DatapathTypes.System}' or '{DatapathTypes.Netdev}', not '{datapathType}'", nameof(datapathType));
        }
        List<string> args = ["--may-exist", "add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=" + datapathType];
        AppendBridgeExternalIds(args, bridge, externalIds);
        return Run(args, ct);
    }

    public Task DeleteBridge(string bridge, CancellationToken ct = default)
    {
        CheckName(bridge, nameof(bridge));
        return Run(["--if-exists", "del-br", bridge], ct);
    }

    public async Task<IReadOnlyList<string>> ListPorts(string bridge, CancellationToken ct = default)
    {
        CheckName(bridge, nameof(bridge));
        return Lines((await Run(["list-ports", bridge], ct)).StandardOutput);
    }

    /// <summary>
    /// The bridge whose port holds interface <paramref name="iface"/> (a port of its own, or a member of a bond port);
    /// null when OVS has no such interface. Any other failure (ovsdb away, the timeout) throws: "on no bridge" must
    /// be OVS's answer, not a guess.
    /// </summary>
    public async Task<string?> InterfaceToBridge(string iface, CancellationToken ct = default)
    {
        CheckName(iface, nameof(iface));
        var result = await runner.RunAsync(executable, [Timeout, "iface-to-br", iface], ProcessTimeout, cancellationToken: ct);
        if (result.ExitCode == 0) return result.StandardOutput.Trim();
        if (result.ExitCode == 1 && result.StandardError.Contains("no interface named", StringComparison.Ordinal)) return null;
        throw new ProcessFailedException(result.Argv, result.ExitCode, result.StandardError, timedOut: false);
    }

    /// <summary>Adds a port (if absent) and, in the same transaction, sets external ids on its bridge.</summary>
    public Task AddPort(string bridge, string port, IReadOnlyDictionary<string, string>? bridgeExternalIds = null, CancellationToken ct = default)
    {
        CheckName(bridge, nameof(bridge));
        CheckName(port, nameof(port));
        List<string> args = ["--may-exist", "add-port", bridge, port];
        AppendBridgeExternalIds(args, bridge, bridgeExternalIds ?? new Dictionary<string, string>());
        return Run(args, ct);
    }

    /// <summary>Removes a port (if present) and, in the same transaction, removes external ids from its bridge.</summary>
    public Task DeletePort(string bridge, string port, IEnumerable<string>? bridgeExternalIdsToRemove = null, CancellationToken ct = default)
    {
        CheckName(bridge, nameof(bridge));
        CheckName(port, nameof(port));
        List<string> args = ["--if-exists", "del-port", bridge, port];
        foreach (var key in bridgeExternalIdsToRemove ?? [])
        {
            CheckKey(key);
            args.AddRange(["--", "br-set-external-id", bridge, key]);
        }
        return Run(args, ct);
    }

    /// <summary>Removes a port from whichever bridge holds it; an absent port is fine.</summary>
    public Task DeletePort(string port, CancellationToken ct = default)
    {
        CheckName(port, nameof(port));
        return Run(["--if-exists", "del-port", port], ct);
    }

    public async Task<IReadOnlyDictionary<string, string>> GetBridgeExternalIds(string bridge, CancellationToken ct = default)
    {
        CheckName(bridge, nameof(bridge));
        var rows = await Query(["--columns=external_ids", "list", "Bridge", bridge], ct);
        return rows.Count == 0 ? new Dictionary<string, string>() : AsMap(rows[0][0]);
    }

    public Task SetBridgeExternalId(string bridge, string key, string value, CancellationToken ct = default)
    {
        CheckName(bridge, nameof(bridge));
        CheckKey(key);
        return Run(["br-set-external-id", bridge, key, value], ct);
    }

    /// <summary>Removes one external id from a bridge; removing an absent key is fine.</summary>
    public Task RemoveBridgeExternalId(string bridge, string key, CancellationToken ct = default)
    {
        CheckName(bridge, nameof(bridge));
        CheckKey(key);
        return Run(["br-set-external-id", bridge, key], ct);
    }

    /// <summary>Interfaces whose <c>external_ids:key</c> equals <paramref name="value"/> (e.g. libvirt's <c>iface-id</c>).</summary>
    public async Task<IReadOnlyList<OvsInterface>> FindInterfacesByExternalId(string key, string value, CancellationToken ct = default)
    {
        CheckKey(key);
        var rows = await Query(["--columns=name,external_ids", "find", "Interface", $"external_ids:{key}={Quote(value)}"], ct);
        return rows.Select(r => new OvsInterface(r[0].GetString() ?? "", AsMap(r[1]))).ToList();
    }

    /// <summary>Every port of <paramref name="bridge"/> with its VLAN tag, trunks and mode, in one read.</summary>
    public async Task<IReadOnlyList<OvsPortVlans>> PortVlans(string bridge, CancellationToken ct = default)
    {
        var ports = await ListPorts(bridge, ct);
        if (ports.Count == 0) return [];
        return (await Query([PortVlanColumns, "list", "Port", .. ports], ct)).Select(ReadPortVlans).ToList();
    }

    /// <summary>One port's VLAN tag, trunks and mode, or null when there is no such port.</summary>
    public async Task<OvsPortVlans?> GetPortVlans(string port, CancellationToken ct = default)
    {
        CheckName(port, nameof(port));
        var rows = await Query([PortVlanColumns, "list", "Port", port], ct);
        return rows.Count == 0 ? null : ReadPortVlans(rows[0]);
    }

    /// <summary>
    /// Makes <paramref name="port"/> an access port on <paramref name="vlan"/>: the tag set, trunks and mode cleared,
    /// in one transaction.
    /// </summary>
    public Task SetAccessPort(string port, int vlan, CancellationToken ct = default)
    {
        CheckName(port, nameof(port));
        ArgumentOutOfRangeException.ThrowIfLessThan(vlan, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vlan, 4094);
        return Run(["set", "Port", port, "tag=" + vlan.ToString(CultureInfo.InvariantCulture),
            "--", "clear", "Port", port, "trunks", "--", "clear", "Port", port, "vlan_mode"], ct);
    }

    public Task SetInterfaceExternalId(string iface, string key, string value, CancellationToken ct = default)
    {
        CheckName(iface, nameof(iface));
        CheckKey(key);
        return Run(["set", "Interface", iface, $"external_ids:{key}={Quote(value)}"], ct);
    }

    private const string PortVlanColumns = "--columns=name,tag,trunks,vlan_mode";

    private static OvsPortVlans ReadPortVlans(JsonElement[] row) => new(
        row[0].GetString() ?? "",
        OvsJson.Numbers(row[1]).Cast<int?>().FirstOrDefault(),
        OvsJson.Numbers(row[2]),
        OvsJson.OptionalString(row[3]));

    private string Timeout => "--timeout=" + TimeoutSeconds.ToString(CultureInfo.InvariantCulture);

    private TimeSpan ProcessTimeout => TimeSpan.FromSeconds(TimeoutSeconds + 5);

    private Task<ProcessResult> Run(IReadOnlyList<string> args, CancellationToken ct) =>
        runner.RunCheckedAsync(executable, [Timeout, .. args], ProcessTimeout, cancellationToken: ct);

    /// <summary>Runs a read with <c>--format=json</c> and returns its rows (cells as JSON).</summary>
    private async Task<IReadOnlyList<JsonElement[]>> Query(IReadOnlyList<string> args, CancellationToken ct)
    {
        var result = await runner.RunAsync(executable, [Timeout, "--format=json", .. args], ProcessTimeout, cancellationToken: ct);
        if (result.ExitCode != 0)
        {
            // "list Table NAME" on a missing row: an empty answer, not a failure.
            if (result.StandardError.Contains("no row", StringComparison.Ordinal)) return [];
            throw new ProcessFailedException(result.Argv, result.ExitCode, result.StandardError, timedOut: false);
        }
        return OvsJson.Rows(result.StandardOutput);
    }

    private static Dictionary<string, string> AsMap(JsonElement cell) => OvsJson.Map(cell);

    private static void AppendBridgeExternalIds(List<string> args, string bridge, IReadOnlyDictionary<string, string> externalIds)
    {
        foreach (var (key, value) in externalIds)
        {
            CheckKey(key);
            args.AddRange(["--", "br-set-external-id", bridge, key, value]);
        }
    }

    /// <summary>An OVSDB string atom: JSON-quoted, so any value stays one value.</summary>
    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private static IReadOnlyList<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void CheckName(string name, string parameter)
    {
        if (!VmParameterRules.InterfacePattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid interface name (letters, digits, '_', '.', '-'; at most 15 characters)", parameter);
        }
    }

    private static void CheckKey(string key)
    {
        if (!KeyPattern().IsMatch(key)) throw new ArgumentException($"'{key}' is not a valid external id key", nameof(key));
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,128}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"\d+\.\d+(\.\d+)?")]
    private static partial Regex VersionPattern();
}
