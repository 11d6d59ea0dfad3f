using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Requests;

/// <summary>What create-switch or change-vlans may leave on a host when its undo fails, for <see cref="Leftovers"/>.</summary>
internal static class SwitchLeftovers
{
    public static IEnumerable<string> Of(string step, string host, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> outputs)
    {
        var bridge = parameters.GetValueOrDefault("bridge", "?");
        var network = parameters.GetValueOrDefault("network", bridge);
        // Without outputs (a timeout) the step may have made anything it could make.
        bool Created(string key) => !outputs.TryGetValue(key, out var v) || v == "true";
        static IEnumerable<string> Items(string? list) => (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

        if (step == StepCatalog.ChangeVlans)
        {
            var added = outputs.TryGetValue("portgroupsAdded", out var a) ? Items(a) : Items(parameters.GetValueOrDefault("add")).Select(v => "vlan-" + v);
            var removed = outputs.TryGetValue("portgroupsRemoved", out var r) ? Items(r) : Items(parameters.GetValueOrDefault("remove")).Select(v => "vlan-" + v);
            foreach (var pg in added) yield return $"portgroup {pg} added to network {network} on {host}";
            foreach (var pg in removed) yield return $"portgroup {pg} removed from network {network} on {host} (not restored)";
            yield break;
        }

        if (Created("bridgeCreated")) yield return $"bridge {bridge} on {host}";
        if (parameters.GetValueOrDefault("uplink") is { } uplink && Created("uplinkAdded")) yield return $"uplink {uplink} on bridge {bridge} on {host}";
        if (Created("networkCreated")) yield return $"network {network} on {host}";
        var portgroups = outputs.TryGetValue("portgroupsAdded", out var p) ? Items(p) : Items(parameters.GetValueOrDefault("vlans")).Select(v => "vlan-" + v);
        foreach (var pg in portgroups) yield return $"portgroup {pg} of network {network} on {host}";
    }
}
