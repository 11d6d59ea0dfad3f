using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Drivers.Processes;
using Provisioning.Agent.Tests.Support;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>
/// Looks at the real host with the operators' own tools (virsh, ovs-vsctl), independently of the
/// agent's code: assertions about the host never go through the code under test.
/// </summary>
public static class HostProbe
{
    private static readonly ProcessRunner Runner = new();

    public static Task<ProcessResult> Run(string executable, params string[] args) =>
        Runner.RunAsync(executable, args, TimeSpan.FromSeconds(60));

    public static Task<ProcessResult> Virsh(params string[] args) =>
        Runner.RunAsync("virsh", ["-q", "-c", TestRun.SystemUri, .. args], TimeSpan.FromSeconds(60));

    public static Task<ProcessResult> Ovs(params string[] args) =>
        Runner.RunAsync("ovs-vsctl", ["--timeout=10", .. args], TimeSpan.FromSeconds(30));

    public static async Task<string> DomainState(string name) => (await Virsh("domstate", name)).StandardOutput.Trim();

    public static async Task<IReadOnlyList<string>> DomainNames() => Lines((await Virsh("list", "--all", "--name")).StandardOutput);

    public static async Task<IReadOnlyList<string>> NetworkNames() => Lines((await Virsh("net-list", "--all", "--name")).StandardOutput);

    public static async Task<IReadOnlyList<string>> PoolNames() => Lines((await Virsh("pool-list", "--all", "--name")).StandardOutput);

    /// <summary>The domain's definition (<c>--inactive</c>) or live XML, as virsh shows it.</summary>
    public static async Task<string> DomainXml(string name, bool inactive = true)
    {
        var result = inactive ? await Virsh("dumpxml", "--inactive", name) : await Virsh("dumpxml", name);
        return result.ExitCode == 0 ? result.StandardOutput : throw new InvalidOperationException(result.StandardError);
    }

    /// <summary>The domain's snapshot names, as <c>virsh snapshot-list --name</c> shows them.</summary>
    public static async Task<IReadOnlyList<string>> SnapshotNames(string name) => Lines((await Virsh("snapshot-list", name, "--name")).StandardOutput);

    /// <summary>The running domain's id, which changes with every start of a new QEMU process; empty when shut off.</summary>
    public static async Task<string> DomainId(string name) => (await Virsh("domid", name)).StandardOutput.Trim();

    /// <summary>The internal snapshots inside a qcow2 file, by name (<c>qemu-img snapshot -l</c>).</summary>
    public static async Task<IReadOnlyList<string>> Qcow2Snapshots(string path)
    {
        var result = await Run("qemu-img", "snapshot", "-U", "-l", path);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.StandardError);
        // "Snapshot list:", a heading, then one line per snapshot: ID TAG VM-SIZE DATE CLOCK ...
        return Lines(result.StandardOutput).Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToList();
    }

    public static async Task<IReadOnlyList<string>> Bridges() => Lines((await Ovs("list-br")).StandardOutput);

    public static async Task<bool> VolumeExists(string pool, string volume) => (await Virsh("vol-info", "--pool", pool, volume)).ExitCode == 0;

    public static async Task<string> NetworkXml(string network, bool inactive)
    {
        var result = inactive ? await Virsh("net-dumpxml", "--inactive", network) : await Virsh("net-dumpxml", network);
        return result.ExitCode == 0 ? result.StandardOutput : throw new InvalidOperationException(result.StandardError);
    }

    public static async Task<IReadOnlyDictionary<string, string>> BridgeExternalIds(string bridge)
    {
        var result = await Ovs("--format=json", "--columns=external_ids", "list", "Bridge", bridge);
        return result.ExitCode == 0 ? OvsJson.Map(OvsJson.Rows(result.StandardOutput)[0][0]) : new Dictionary<string, string>();
    }

    /// <summary>Interfaces carrying <c>external_ids:iface-id=&lt;id&gt;</c>, by name.</summary>
    public static async Task<IReadOnlyList<string>> InterfacesWithIfaceId(string id)
    {
        var result = await Ovs("--format=json", "--columns=name", "find", "Interface", $"external_ids:iface-id=\"{id}\"");
        return OvsJson.Rows(result.StandardOutput).Select(r => r[0].GetString()!).ToList();
    }

    /// <summary>Removes whatever a test may have left on the real host under these names; each part tolerates absence.</summary>
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

    private static List<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
