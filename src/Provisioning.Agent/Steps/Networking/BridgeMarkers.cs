namespace Provisioning.Agent.Steps.Networking;

/// <summary>
/// Ownership markers kept in the OVS bridge's <c>external_ids</c>: OVSDB is the agent's marker store
/// on the host (libvirt 9.0 networks have no metadata element). A marker names the request that
/// created something, so a retry, a restarted agent or a compensation after a timeout can tell
/// "made by this request" from "was already there" without any record of its own.
/// </summary>
public static class BridgeMarkers
{
    /// <summary>The request that created the OVS bridge.</summary>
    public const string Bridge = "provisioning-request";

    /// <summary>The request that plugged the uplink NIC into the bridge.</summary>
    public const string Uplink = "provisioning-uplink";

    /// <summary>The request that defined the libvirt network.</summary>
    public const string Network = "provisioning-network";

    private const string PortgroupPrefix = "provisioning-portgroup-";
    private const string UserPrefix = "provisioning-user-";

    /// <summary>The request that added a portgroup to a network it found.</summary>
    public static string Portgroup(string portgroup) => PortgroupPrefix + portgroup;

    /// <summary>
    /// A lease: request <paramref name="requestId"/> relies on this bridge, with the portgroup as value.
    /// Set before anything else and removed by that request's compensation, it stops another request's
    /// compensation from removing the bridge, network or portgroup between create-bridge and the
    /// moment a domain interface references them.
    /// </summary>
    public static string User(Guid requestId) => UserPrefix + requestId.ToString("D");

    /// <summary>
    /// The value of a lease on several portgroups (a switch request relies on all of its VLANs): the names joined
    /// by ','. A VM request's lease names one portgroup, which is the same form.
    /// </summary>
    public static string Lease(IEnumerable<string> portgroups) => string.Join(',', portgroups);

    /// <summary>Portgroups leased by requests other than <paramref name="requestId"/> (each portgroup of a lease on several).</summary>
    public static IReadOnlyList<string> OtherUsers(IReadOnlyDictionary<string, string> ids, Guid requestId) =>
        ids.Where(e => e.Key.StartsWith(UserPrefix, StringComparison.Ordinal) && e.Key != User(requestId))
            .SelectMany(e => Portgroups(e.Value))
            .ToList();

    /// <summary>The other requests holding a lease, with the portgroup each relies on (one entry per portgroup).</summary>
    public static IReadOnlyList<(Guid RequestId, string Portgroup)> OtherLeases(IReadOnlyDictionary<string, string> ids, Guid requestId) =>
        ids.Where(e => e.Key.StartsWith(UserPrefix, StringComparison.Ordinal) && e.Key != User(requestId))
            .SelectMany(e => Portgroups(e.Value).Select(pg => (Guid.TryParse(e.Key[UserPrefix.Length..], out var id) ? id : Guid.Empty, pg)))
            .Where(l => l.Item1 != Guid.Empty)
            .OrderBy(l => l.Item1)
            .ToList();

    /// <summary>
    /// A change-vlans request <paramref name="requestId"/> removed <paramref name="portgroup"/>; the value names the request
    /// that owned it then (or <see cref="NoOwner"/>), so the change's undo puts the portgroup back with its owner.
    /// </summary>
    public static string Removed(Guid requestId, string portgroup) => $"{RemovedPrefix}{requestId:D}-{portgroup}";

    /// <summary>The value of <see cref="Removed"/> for a portgroup no request owned (made by hand, or by a VM request's network).</summary>
    public const string NoOwner = "none";

    private const string RemovedPrefix = "provisioning-removed-";

    private static IEnumerable<string> Portgroups(string leaseValue) =>
        leaseValue.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool IsOwner(IReadOnlyDictionary<string, string> ids, string key, Guid requestId) =>
        ids.TryGetValue(key, out var owner) && Guid.TryParse(owner, out var id) && id == requestId;

    public static string Value(Guid requestId) => requestId.ToString("D");
}
