using System.Text.Json;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// Lists what is on the real host (libvirt and OVS) under a name prefix: domains, networks, bridges,
/// the volumes of a storage pool, and OVS interfaces carrying given request ids. What a suite leaves
/// behind, read from the host itself, before any sweep removes it.
/// </summary>
public static class HostInventory
{
    /// <summary>One line per thing found, e.g. <c>domain itab12f-web</c>; empty when the host is clean.</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(string prefix, string pool, IEnumerable<Guid> requestIds)
    {
        var found = new List<string>();
        found.AddRange(Lines((await Cli.Virsh("list", "--all", "--name")).EnsureSuccess("virsh list").Stdout)
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => "domain " + n));
        found.AddRange(Lines((await Cli.Virsh("net-list", "--all", "--name")).EnsureSuccess("virsh net-list").Stdout)
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => "network " + n));
        found.AddRange(Lines((await Cli.Ovs("list-br")).EnsureSuccess("ovs-vsctl list-br").Stdout)
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => "bridge " + n));
        if ((await Cli.Virsh("pool-info", pool)).ExitCode == 0)
        {
            found.AddRange(Lines((await Cli.Virsh("vol-list", pool)).Stdout).Skip(2)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).Select(v => $"volume {v} in pool {pool}"));
        }
        var ids = requestIds.Select(id => id.ToString("D")).ToHashSet(StringComparer.Ordinal);
        found.AddRange((await InterfacesByIfaceIdAsync()).Where(i => ids.Contains(i.IfaceId)).Select(i => $"OVS interface {i.Name} (iface-id {i.IfaceId})"));
        return found;
    }

    /// <summary>Every OVS interface that has an <c>external_ids:iface-id</c>.</summary>
    private static async Task<List<(string Name, string IfaceId)>> InterfacesByIfaceIdAsync()
    {
        var result = (await Cli.Ovs("--format=json", "--columns=name,external_ids", "list", "Interface")).EnsureSuccess("ovs-vsctl list Interface");
        using var json = JsonDocument.Parse(result.Stdout);
        var list = new List<(string, string)>();
        foreach (var row in json.RootElement.GetProperty("data").EnumerateArray())
        {
            // external_ids is ["map", [[key, value], ...]].
            foreach (var pair in row[1][1].EnumerateArray())
            {
                if (pair[0].GetString() == "iface-id") list.Add((row[0].GetString()!, pair[1].GetString()!));
            }
        }
        return list;
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
