using Provisioning.Contracts;
using Provisioning.Domain.Placement;
using Provisioning.Engine.Fleet;
using Provisioning.Engine.Outbox;
using Provisioning.Engine.Placement;

namespace Provisioning.Api.Hosts;

/// <summary>
/// A host as <c>GET /api/hosts</c> shows it: its agent's latest heartbeat, whether it is still heard from, whether
/// it is onboarded (placement only chooses onboarded hosts), its room as placement counts it, and the commands the
/// broker refused for it, parked in the engine until its queue takes them (<see cref="ParkedByHost"/>).
/// </summary>
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
    int HeartbeatSeconds,
    bool Onboarded,
    DateTimeOffset? OnboardedAt,
    Guid? OnboardingRequest,
    long? MaxGuestMemoryMiB,
    int? MaxGuestVcpus,
    HostRoom Room,
    IReadOnlyList<string> Bridges,
    IReadOnlyList<string> Networks,
    IReadOnlyList<GuestAllocation> Guests,
    ParkedByHost Parked)
{
    public static HostView From(HostRecord h, PlacementFacts facts, IReadOnlyDictionary<string, ParkedByHost> parked, PlacementPolicy policy, DateTimeOffset now)
    {
        var onboarding = facts.Onboardings.GetValueOrDefault(h.Id);
        return new(
            h.Name, HostStatus.Of(h.LastSeenAt, h.HeartbeatSeconds, now),
            // Never negative: the engine replica that stored it may run a hair ahead of this one.
            Math.Round(Math.Max(0, (now - h.LastSeenAt).TotalSeconds), 1),
            h.FirstSeenAt, h.LastSeenAt, h.ReportedAt, h.StartedAt,
            h.Cpus, h.MemoryMiB, h.FreeMemoryMiB, h.PoolCapacityBytes, h.PoolAvailableBytes,
            h.LibvirtVersion, h.HypervisorVersion, h.OvsVersion, h.Kvm, h.LibvirtUri, h.HeartbeatSeconds,
            onboarding is not null, onboarding?.OnboardedAt, onboarding?.RequestId,
            h.MaxGuestMemoryMiB, h.MaxGuestVcpus,
            Placer.RoomOf(facts.Host(h, now), facts.Held(), policy),
            h.Bridges, h.Networks, h.Guests, parked.GetValueOrDefault(ParkedCommand.HostKey(h.Name), ParkedByHost.None));
    }
}
