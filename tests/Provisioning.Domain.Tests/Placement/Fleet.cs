using Provisioning.Domain.Placement;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Tests.Placement;

/// <summary>Hosts, guests and reservations for placement tests, with sizes that make the arithmetic obvious.</summary>
internal static class Fleet
{
    public static readonly DateTimeOffset ReportedAt = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>No overcommit and no reserve: a host's limit is its size, so tests read like the sums they are.</summary>
    public static readonly PlacementPolicy Plain = new(1.0, 1.0, 0);

    /// <summary>An online, onboarded host of <paramref name="memoryMiB"/> and <paramref name="cpus"/>, with nothing on it.</summary>
    public static PlacementHost Host(string name, long memoryMiB = 4096, int cpus = 4) =>
        new(name, true, 1, true, cpus, memoryMiB, null, null, [], [], [], ReportedAt);

    public static PlacementHost WithBridge(this PlacementHost host, string bridge, bool ovs = true, bool network = true) => host with
    {
        Bridges = ovs ? [.. host.Bridges, bridge] : host.Bridges,
        Networks = network ? [.. host.Networks, bridge] : host.Networks,
    };

    /// <summary>The host with a guest of that size (a hand-made one, or the domain of <paramref name="request"/>).</summary>
    public static PlacementHost WithGuest(this PlacementHost host, long memoryMiB, int vcpus = 1, Guid? request = null) => host with
    {
        Guests = [.. host.Guests, new PlacementGuest(request is { } r ? Naming.DomainUuid(r) : Guid.NewGuid(), memoryMiB, vcpus)],
    };

    public static PlacementReservation Reserved(string host, int memoryMiB, int vcpus = 1, DateTimeOffset? settledAt = null, Guid? request = null) =>
        new(request ?? Guid.NewGuid(), host, memoryMiB, vcpus, settledAt);

    public static PlacementRequest NewVm(int memoryMiB = 1024, int vcpus = 1, string bridge = "localbr") => new(memoryMiB, vcpus, bridge);

    public static PlacementDecision Place(IReadOnlyCollection<PlacementHost> hosts, PlacementRequest request, params PlacementReservation[] reservations) =>
        Placer.Place(hosts, reservations, request, Plain);
}
