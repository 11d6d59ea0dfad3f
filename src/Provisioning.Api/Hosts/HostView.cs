using Provisioning.Engine.Fleet;

namespace Provisioning.Api.Hosts;

/// <summary>A host as <c>GET /api/hosts</c> shows it: its agent's latest heartbeat and whether it is still heard from.</summary>
public sealed record HostView(
    string Name,
    HostState Status,
    double LastSeenSecondsAgo,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ReportedAt,
    DateTimeOffset? StartedAt,
    int Cpus,
    long MemoryMiB,
    long FreeMemoryMiB,
    long PoolCapacityBytes,
    long PoolAvailableBytes,
    string LibvirtVersion,
    string HypervisorVersion,
    string OvsVersion,
    bool Kvm,
    string LibvirtUri,
    int HeartbeatSeconds)
{
    public static HostView From(HostRecord h, DateTimeOffset now) => new(
        h.Name, HostStatus.Of(h.LastSeenAt, h.HeartbeatSeconds, now),
        // Never negative: the engine replica that stored it may run a hair ahead of this one.
        Math.Round(Math.Max(0, (now - h.LastSeenAt).TotalSeconds), 1),
        h.FirstSeenAt, h.LastSeenAt, h.ReportedAt, h.StartedAt,
        h.Cpus, h.MemoryMiB, h.FreeMemoryMiB, h.PoolCapacityBytes, h.PoolAvailableBytes,
        h.LibvirtVersion, h.HypervisorVersion, h.OvsVersion, h.Kvm, h.LibvirtUri, h.HeartbeatSeconds);
}
