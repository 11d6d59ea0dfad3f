using System.Text.Json;
using System.Xml.Linq;

namespace Provisioning.Testing;

/// <summary>
/// Looks at the real host with the operators' own tools (virsh, ovs-vsctl, qemu-img), independently of Provisioning's
/// code: what a test asserts about the host never goes through the code under test. Every tool runs through <see cref="Cli"/>.
/// </summary>
public static class HostProbe
{
    /// <summary>The libvirt every probe asks (<c>PROVISIONING_TEST_LIBVIRT_URI</c>, else <c>qemu:///system</c>).</summary>
    public static string LibvirtUri => TestEnvironment.Current.LibvirtUri;

    /// <summary>Runs any tool (ip, qemu-img, ...).</summary>
    public static Task<CliResult> Run(string program, params string[] args) => Cli.RunAsync(program, args);

    /// <summary><c>virsh -q -c URI ARGS</c>: quiet, so lists have no header lines.</summary>
    public static Task<CliResult> Virsh(params string[] args) => Cli.RunAsync("virsh", ["-q", "-c", LibvirtUri, .. args]);

    /// <summary><c>ovs-vsctl --timeout=10 ARGS</c>.</summary>
    public static Task<CliResult> Ovs(params string[] args) => Cli.RunAsync("ovs-vsctl", ["--timeout=10", .. args], TimeSpan.FromSeconds(30));

    public static async Task<IReadOnlyList<string>> DomainNames() => Lines((await Virsh("list", "--all", "--name")).Stdout);

    public static async Task<IReadOnlyList<string>> RunningDomainNames() => Lines((await Virsh("list", "--name", "--state-running")).EnsureSuccess("virsh list").Stdout);

    public static async Task<IReadOnlyList<string>> NetworkNames() => Lines((await Virsh("net-list", "--all", "--name")).Stdout);

    public static async Task<IReadOnlyList<string>> PoolNames() => Lines((await Virsh("pool-list", "--all", "--name")).Stdout);

    /// <summary>The volumes of <paramref name="pool"/>; empty when the pool does not exist.</summary>
    public static async Task<IReadOnlyList<string>> VolumeNames(string pool)
    {
        var result = await Virsh("vol-list", pool);
        return result.ExitCode == 0 ? Lines(result.Stdout).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).ToList() : [];
    }

    public static async Task<IReadOnlyList<string>> Bridges() => Lines((await Ovs("list-br")).Stdout);

    public static async Task<bool> DomainExists(string name) => (await Virsh("dominfo", name)).ExitCode == 0;

    public static async Task<bool> NetworkExists(string name) => (await Virsh("net-info", name)).ExitCode == 0;

    public static async Task<bool> PoolExists(string name) => (await Virsh("pool-info", name)).ExitCode == 0;

    public static async Task<bool> BridgeExists(string bridge) => (await Ovs("br-exists", bridge)).ExitCode == 0;

    public static async Task<bool> VolumeExists(string pool, string volume) => (await Virsh("vol-info", "--pool", pool, volume)).ExitCode == 0;

    public static async Task<string> DomainState(string name) => (await Virsh("domstate", name)).Stdout.Trim();

    /// <summary>The running domain's id, which changes with every start of a new QEMU process; empty when shut off.</summary>
    public static async Task<string> DomainId(string name) => (await Virsh("domid", name)).Stdout.Trim();

    /// <summary>The domain's definition (<c>--inactive</c>) or live XML, as virsh shows it.</summary>
    public static async Task<string> DomainXml(string name, bool inactive = true) =>
        (inactive ? await Virsh("dumpxml", "--inactive", name) : await Virsh("dumpxml", name)).EnsureSuccess($"virsh dumpxml {name}").Stdout;

    /// <summary>The domain's snapshot names, as <c>virsh snapshot-list --name</c> shows them.</summary>
    public static async Task<IReadOnlyList<string>> SnapshotNames(string name) => Lines((await Virsh("snapshot-list", name, "--name")).Stdout);

    /// <summary>The internal snapshots inside a qcow2 file, by name (<c>qemu-img snapshot -l</c>).</summary>
    public static async Task<IReadOnlyList<string>> Qcow2Snapshots(string path)
    {
        var result = (await Run("qemu-img", "snapshot", "-U", "-l", path)).EnsureSuccess("qemu-img snapshot -l");
        // "Snapshot list:", a heading, then one line per snapshot: ID TAG VM-SIZE DATE CLOCK ...
        return Lines(result.Stdout).Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToList();
    }

    public static async Task<string> NetworkXml(string network, bool inactive) =>
        (inactive ? await Virsh("net-dumpxml", "--inactive", network) : await Virsh("net-dumpxml", network)).EnsureSuccess($"virsh net-dumpxml {network}").Stdout;

    /// <summary>The network's portgroups with the VLAN each tags (null: untagged).</summary>
    public static async Task<IReadOnlyDictionary<string, int?>> Portgroups(string network, bool inactive = false) =>
        XElement.Parse(await NetworkXml(network, inactive)).Elements("portgroup").ToDictionary(
            p => (string)p.Attribute("name")!,
            p => (int?)p.Element("vlan")?.Element("tag")?.Attribute("id"));

    /// <summary>The Active and Autostart lines (<c>yes</c>/<c>no</c>) and the Bridge line of <c>virsh net-info</c>.</summary>
    public static async Task<(bool Active, bool Autostart, string Bridge)> NetworkInfo(string network)
    {
        var lines = (await Virsh("net-info", network)).EnsureSuccess("virsh net-info").Stdout.Split('\n')
            .Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        return (lines["Active"] == "yes", lines["Autostart"] == "yes", lines["Bridge"]);
    }

    /// <summary>The bridge's <c>external_ids</c>; empty when there is no such bridge.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> BridgeExternalIds(string bridge)
    {
        var result = await Ovs("--format=json", "--columns=external_ids", "list", "Bridge", bridge);
        return result.ExitCode == 0 ? Map(Rows(result.Stdout)[0][0]) : new Dictionary<string, string>();
    }

    /// <summary>Interfaces carrying <c>external_ids:iface-id=&lt;id&gt;</c>, by name.</summary>
    public static async Task<IReadOnlyList<string>> InterfacesWithIfaceId(string id)
    {
        var result = (await Ovs("--format=json", "--columns=name", "find", "Interface", $"external_ids:iface-id=\"{id}\"")).EnsureSuccess("ovs-vsctl find");
        return Rows(result.Stdout).Select(r => r[0].GetString()!).ToList();
    }

    /// <summary>The OVS port whose interface carries <c>external_ids:iface-id=&lt;request id&gt;</c>, or null.</summary>
    public static async Task<string?> PortOfRequest(Guid requestId)
    {
        var ports = await InterfacesWithIfaceId(requestId.ToString("D"));
        return ports.Count switch
        {
            0 => null,
            1 => ports[0],
            _ => throw new InvalidOperationException($"{ports.Count} interfaces carry request {requestId}: {string.Join(", ", ports)}"),
        };
    }

    /// <summary>
    /// What is on the host under <paramref name="prefix"/>, one line per thing (<c>domain it3f9a2-web</c>): domains,
    /// networks, bridges, the volumes of its pools, and OVS interfaces carrying one of <paramref name="requestIds"/>.
    /// Empty when the host is clean.
    /// </summary>
    public static async Task<IReadOnlyList<string>> Leftovers(string prefix, IEnumerable<Guid> requestIds)
    {
        var found = new List<string>();
        found.AddRange((await DomainNames()).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => "domain " + n));
        found.AddRange((await NetworkNames()).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => "network " + n));
        found.AddRange((await Bridges()).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => "bridge " + n));
        foreach (var pool in (await PoolNames()).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            found.AddRange((await VolumeNames(pool)).Select(v => $"volume {v} in pool {pool}"));
        }
        var ids = requestIds.Select(id => id.ToString("D")).ToHashSet(StringComparer.Ordinal);
        found.AddRange((await InterfacesByIfaceId()).Where(i => ids.Contains(i.IfaceId)).Select(i => $"OVS interface {i.Name} (iface-id {i.IfaceId})"));
        return found;
    }

    /// <summary>
    /// What is left on the host of one VM request, one line per thing: its domain, its volumes in <paramref name="pool"/>,
    /// the OVS port carrying its id, and (unless <paramref name="bridge"/> is null: a bridge that was there before) its
    /// bridge and network. Empty when the request left nothing.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LeftOfRequest(string domain, string? bridge, string pool, Guid requestId)
    {
        var left = new List<string>();
        if (await DomainExists(domain)) left.Add("domain " + domain);
        left.AddRange((await VolumeNames(pool)).Where(v => v.Contains(domain, StringComparison.Ordinal)).Select(v => $"volume {v} in pool {pool}"));
        if (await PortOfRequest(requestId) is { } port) left.Add($"OVS port {port} of request {requestId}");
        if (bridge is not null && await NetworkExists(bridge)) left.Add("network " + bridge);
        if (bridge is not null && await BridgeExists(bridge)) left.Add("bridge " + bridge);
        return left;
    }

    /// <summary>Removes whatever a test may have left under these names; each part tolerates absence.</summary>
    public static async Task Clean(string? domain = null, string? network = null, string? bridge = null, (string Pool, string Volume)? volume = null)
    {
        if (domain is not null)
        {
            await Virsh("destroy", domain);
            await Virsh("undefine", domain, "--nvram", "--snapshots-metadata");
        }
        if (volume is { } v) await Virsh("vol-delete", "--pool", v.Pool, v.Volume);
        if (network is not null)
        {
            await Virsh("net-destroy", network);
            await Virsh("net-undefine", network);
        }
        if (bridge is not null) await Ovs("--if-exists", "del-br", bridge);
    }

    /// <summary>Every OVS interface that has an <c>external_ids:iface-id</c>.</summary>
    private static async Task<List<(string Name, string IfaceId)>> InterfacesByIfaceId()
    {
        var result = (await Ovs("--format=json", "--columns=name,external_ids", "list", "Interface")).EnsureSuccess("ovs-vsctl list Interface");
        return Rows(result.Stdout)
            .Select(row => (Name: row[0].GetString()!, Ids: Map(row[1])))
            .Where(i => i.Ids.ContainsKey("iface-id"))
            .Select(i => (i.Name, i.Ids["iface-id"]))
            .ToList();
    }

    /// <summary>The rows of <c>ovs-vsctl --format=json</c> output, each a list of cells.</summary>
    private static List<JsonElement[]> Rows(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("data").EnumerateArray().Select(row => row.EnumerateArray().Select(c => c.Clone()).ToArray()).ToList();
    }

    /// <summary>An OVS map cell (<c>["map", [[k, v], ...]]</c>) as a dictionary.</summary>
    private static Dictionary<string, string> Map(JsonElement cell)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (cell.ValueKind != JsonValueKind.Array || cell.GetArrayLength() != 2 || cell[0].GetString() != "map") return map;
        foreach (var pair in cell[1].EnumerateArray()) map[pair[0].ToString()] = pair[1].ToString();
        return map;
    }

    internal static List<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
