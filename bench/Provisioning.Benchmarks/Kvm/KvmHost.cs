namespace Provisioning.Benchmarks.Kvm;

/// <summary>What the host shows after a phase: each VM running, its NIC's OVS port on the bridge with the VLAN tag.</summary>
public static class KvmHost
{
    /// <summary>Throws, naming every VM that is not as it should be, unless all are.</summary>
    public static async Task VerifyAsync(IReadOnlyList<string> names, string bridge, int vlan, string phase)
    {
        var running = (await HostProbe.RunningDomainNames()).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var name in names)
        {
            if (!running.Contains(name))
            {
                problems.Add($"{name}: not running");
                continue;
            }
            // domiflist rows: Interface Type Source Model MAC (quiet virsh: no header lines).
            var rows = Lines((await HostProbe.Virsh("domiflist", name)).Stdout).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(c => c.Length >= 5).ToList();
            if (rows.Count != 1)
            {
                problems.Add($"{name}: {rows.Count} NICs, expected 1");
                continue;
            }
            var port = rows[0][0];
            var onBridge = (await HostProbe.Ovs("port-to-br", port)).Stdout.Trim();
            var tag = (await HostProbe.Ovs("get", "port", port, "tag")).Stdout.Trim();
            if (onBridge != bridge || tag != vlan.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                problems.Add($"{name}: port {port} on '{onBridge}' with tag '{tag}', expected {bridge} tag {vlan}");
            }
        }
        if (problems.Count > 0) throw new InvalidOperationException($"{phase}: {problems.Count} of {names.Count} VMs are not right, so its time is not valid:\n  " + string.Join("\n  ", problems));
    }

    /// <summary>Names of domains that carry the prefix (after a teardown: none should).</summary>
    public static async Task<IReadOnlyList<string>> DomainsAsync(string prefix) =>
        (await HostProbe.DomainNames()).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
