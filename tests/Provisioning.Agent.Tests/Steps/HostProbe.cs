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
            await Virsh("undefine", domain, "--nvram");
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
