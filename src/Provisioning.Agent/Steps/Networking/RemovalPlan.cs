namespace Provisioning.Agent.Steps.Networking;

/// <summary>What remove-bridge will take away, and what it keeps and why. Decided without I/O.</summary>
/// <param name="MarkersToRemove">This request's markers whose object is gone or being removed (when the bridge stays).</param>
/// <param name="Kept">What this request created but leaves in place, with the reason.</param>
/// <param name="MarkersToHandOver">
/// Ownership markers of kept things passed to a request that still leases the bridge, so that the last
/// user's compensation removes what nobody needs any more (otherwise nobody would ever own it).
/// </param>
public sealed record RemovalPlan(
    bool RemovePortgroup,
    bool RemoveNetwork,
    bool RemoveUplink,
    bool RemoveBridge,
    IReadOnlyList<string> MarkersToRemove,
    IReadOnlyList<string> Kept,
    IReadOnlyDictionary<string, string>? MarkersToHandOver = null)
{
    /// <summary>The host state remove-bridge looks at.</summary>
    /// <param name="Markers">The bridge's external_ids (with this request's lease already dropped).</param>
    /// <param name="NetworkExists">The libvirt network named like the bridge exists.</param>
    /// <param name="PortgroupExists">That network has the request's portgroup.</param>
    /// <param name="Ports">The bridge's ports now.</param>
    public sealed record Observed(
        Guid RequestId,
        IReadOnlyDictionary<string, string> Markers,
        bool NetworkExists,
        bool PortgroupExists,
        string Portgroup,
        string? Uplink,
        IReadOnlyList<string> Ports,
        NetworkUsage Usage);

    /// <summary>
    /// Removes only what this request's markers say it created, and only when nothing else uses it:
    /// no domain interface, no other request's lease, no foreign port.
    /// </summary>
    public static RemovalPlan Decide(Observed o)
    {
        var kept = new List<string>();
        var others = BridgeMarkers.OtherUsers(o.Markers, o.RequestId);

        var ownsNetwork = BridgeMarkers.IsOwner(o.Markers, BridgeMarkers.Network, o.RequestId);
        var removeNetwork = false;
        if (ownsNetwork && o.NetworkExists)
        {
            if (o.Usage.NetworkInterfaces > 0) kept.Add($"network: used by {Plural(o.Usage.NetworkInterfaces, "domain interface")}");
            else if (others.Count > 0) kept.Add($"network: used by {Plural(others.Count, "other request")}");
            else removeNetwork = true;
        }

        var ownsPortgroup = BridgeMarkers.IsOwner(o.Markers, BridgeMarkers.Portgroup(o.Portgroup), o.RequestId);
        var removePortgroup = false;
        if (ownsPortgroup && o.NetworkExists && o.PortgroupExists && !removeNetwork)
        {
            if (o.Usage.Portgroups.Contains(o.Portgroup)) kept.Add($"portgroup {o.Portgroup}: used by a domain interface");
            else if (others.Contains(o.Portgroup)) kept.Add($"portgroup {o.Portgroup}: used by another request");
            else removePortgroup = true;
        }

        // A network kept because it is in use keeps its bridge too: the same users count.
        var bridgeInUse = o.Usage.BridgeInterfaces > 0 || o.Usage.NetworkInterfaces > 0 || others.Count > 0;
        var ownsUplink = o.Uplink is not null && BridgeMarkers.IsOwner(o.Markers, BridgeMarkers.Uplink, o.RequestId);
        var removeUplink = false;
        if (ownsUplink && o.Ports.Contains(o.Uplink!))
        {
            if (bridgeInUse) kept.Add($"uplink {o.Uplink}: the bridge is still in use");
            else removeUplink = true;
        }

        var removeBridge = false;
        if (BridgeMarkers.IsOwner(o.Markers, BridgeMarkers.Bridge, o.RequestId))
        {
            var foreignPorts = o.Ports.Where(p => !(removeUplink && p == o.Uplink)).ToList();
            if (bridgeInUse) kept.Add("bridge: still in use");
            else if (foreignPorts.Count > 0) kept.Add($"bridge: ports {string.Join(", ", foreignPorts)} remain");
            else removeBridge = true;
        }

        var stale = new List<string>();
        if (ownsNetwork && (removeNetwork || !o.NetworkExists)) stale.Add(BridgeMarkers.Network);
        if (ownsPortgroup && (removePortgroup || removeNetwork || !o.PortgroupExists)) stale.Add(BridgeMarkers.Portgroup(o.Portgroup));
        if (ownsUplink && (removeUplink || !o.Ports.Contains(o.Uplink!))) stale.Add(BridgeMarkers.Uplink);

        var handOver = new Dictionary<string, string>();
        var leases = BridgeMarkers.OtherLeases(o.Markers, o.RequestId);
        if (leases.Count > 0)
        {
            var heir = BridgeMarkers.Value(leases[0].RequestId);
            if (ownsNetwork && o.NetworkExists && !removeNetwork) handOver[BridgeMarkers.Network] = heir;
            if (ownsUplink && o.Ports.Contains(o.Uplink!) && !removeUplink) handOver[BridgeMarkers.Uplink] = heir;
            if (BridgeMarkers.IsOwner(o.Markers, BridgeMarkers.Bridge, o.RequestId) && !removeBridge) handOver[BridgeMarkers.Bridge] = heir;
            // A portgroup goes only to a request that relies on that very portgroup.
            if (ownsPortgroup && o.PortgroupExists && !removePortgroup && !removeNetwork
                && leases.FirstOrDefault(l => l.Portgroup == o.Portgroup) is { RequestId: var pgHeir } && pgHeir != Guid.Empty)
            {
                handOver[BridgeMarkers.Portgroup(o.Portgroup)] = BridgeMarkers.Value(pgHeir);
            }
        }

        return new RemovalPlan(removePortgroup, removeNetwork, removeUplink, removeBridge, stale, kept, handOver);
    }

    private static string Plural(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";
}
