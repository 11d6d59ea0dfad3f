
namespace Provisioning.Agent.Steps.Networking;

/// <summary>
/// What remove-switch takes away: <see cref="RemovalPlan"/>'s rules applied to each of the switch's portgroups
/// (the network, uplink and bridge decisions do not depend on the portgroup, so every per-portgroup plan agrees
/// on them). Decided without I/O.
/// </summary>
public sealed record SwitchRemoval(
    IReadOnlyList<string> Portgroups,
    bool RemoveNetwork,
    bool RemoveUplink,
    bool RemoveBridge,
    IReadOnlyList<string> MarkersToRemove,
    IReadOnlyList<string> Kept,
    IReadOnlyDictionary<string, string> MarkersToHandOver)
{
    /// <param name="portgroupsNow">The network's portgroups now (empty when it does not exist).</param>
    /// <param name="portgroups">The switch's portgroups (its VLANs', or the untagged default when it has none).</param>
    public static SwitchRemoval Decide(
        Guid requestId, IReadOnlyDictionary<string, string> markers, bool networkExists, IReadOnlyList<string> portgroupsNow,
        IReadOnlyList<string> portgroups, string? uplink, IReadOnlyList<string> ports, NetworkUsage usage)
    {
        var plans = portgroups
            .Select(pg => (Portgroup: pg, Plan: RemovalPlan.Decide(new RemovalPlan.Observed(requestId, markers, networkExists, portgroupsNow.Contains(pg), pg, uplink, ports, usage))))
            .ToList();
        var first = plans[0].Plan;
        var handOver = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, heir) in plans.SelectMany(p => p.Plan.MarkersToHandOver ?? new Dictionary<string, string>())) handOver[key] = heir;
        return new SwitchRemoval(
            plans.Where(p => p.Plan.RemovePortgroup).Select(p => p.Portgroup).ToList(),
            first.RemoveNetwork,
            first.RemoveUplink,
            first.RemoveBridge,
            plans.SelectMany(p => p.Plan.MarkersToRemove).Distinct(StringComparer.Ordinal).ToList(),
            plans.SelectMany(p => p.Plan.Kept).Distinct(StringComparer.Ordinal).ToList(),
            handOver);
    }
}
