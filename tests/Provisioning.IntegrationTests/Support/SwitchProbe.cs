using System.Text.Json;
using System.Xml.Linq;

namespace Provisioning.IntegrationTests.Support;

/// <summary>Looks at a switch on the real host with the operators' tools (ovs-vsctl, virsh), never through Provisioning.</summary>
public static class SwitchProbe
{
    public static async Task<bool> BridgeExistsAsync(string bridge) => (await Cli.Ovs("br-exists", bridge)).ExitCode == 0;

    public static async Task<bool> NetworkExistsAsync(string network) => (await Cli.Virsh("net-info", network)).ExitCode == 0;

    /// <summary>The running network's portgroups with the VLAN each tags (null: untagged).</summary>
    public static async Task<IReadOnlyDictionary<string, int?>> PortgroupsAsync(string network, bool inactive = false)
    {
        var xml = inactive ? await Cli.Virsh("net-dumpxml", "--inactive", network) : await Cli.Virsh("net-dumpxml", network);
        return XElement.Parse(xml.EnsureSuccess("virsh net-dumpxml").Stdout).Elements("portgroup").ToDictionary(
            p => (string)p.Attribute("name")!,
            p => (int?)p.Element("vlan")?.Element("tag")?.Attribute("id"));
    }

    /// <summary>"yes"/"no" of the network's Active and Autostart lines in <c>virsh net-info</c>.</summary>
    public static async Task<(bool Active, bool Autostart, string Bridge)> NetworkInfoAsync(string network)
    {
        var lines = (await Cli.Virsh("net-info", network)).EnsureSuccess("virsh net-info").Stdout.Split('\n')
            .Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        return (lines["Active"] == "yes", lines["Autostart"] == "yes", lines["Bridge"]);
    }

    public static async Task<IReadOnlyDictionary<string, string>> BridgeExternalIdsAsync(string bridge)
    {
        var result = (await Cli.Ovs("--format=json", "--columns=external_ids", "list", "Bridge", bridge)).EnsureSuccess("ovs-vsctl list Bridge");
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.GetProperty("data")[0][0][1].EnumerateArray().ToDictionary(p => p[0].GetString()!, p => p[1].GetString()!);
    }
}
