using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Placement;

/// <summary>
/// Chooses the host of a new VM: a pure function of the hosts as their agents last reported them, the
/// reservations of requests in flight, the request and the policy. A host fits when it is online, onboarded,
/// holds the VM's image (if it names one) and has room (memory and vCPUs, see <see cref="RoomOf"/>); among those that fit, hosts that already
/// have the requested bridge come first (Open vSwitch bridge and libvirt network, then either), then the
/// emptiest (the smallest share of memory in use after this request, then of vCPUs), then by name, so
/// the same facts always give the same choice.
/// </summary>
public static class Placer
{
    /// <summary>Chooses a host for <paramref name="request"/>, or explains for each host why it does not fit.</summary>
    public static PlacementDecision Place(
        IReadOnlyCollection<PlacementHost> hosts, IReadOnlyCollection<PlacementReservation> reservations, PlacementRequest request, PlacementPolicy policy)
    {
        if (hosts.Count == 0)
        {
            return new PlacementDecision(null, "no host has announced itself: start an agent on a host, then onboard it with onboard-host", []);
        }

        var judged = hosts.Select(h => Judge(h, reservations, request, policy)).ToList();
        var fitting = judged.Where(j => j.Candidate.Fits)
            .OrderByDescending(j => j.BridgeScore)
            .ThenBy(j => Share(j.Candidate.Room.MemoryLimitMiB - j.Candidate.Room.FreeMemoryMiB + request.MemoryMiB, j.Candidate.Room.MemoryLimitMiB))
            .ThenBy(j => Share(j.Candidate.Room.VcpuLimit - j.Candidate.Room.FreeVcpus + request.Vcpus, j.Candidate.Room.VcpuLimit))
            .ThenBy(j => j.Candidate.Host, StringComparer.Ordinal)
            .ToList();
        var refused = judged.Where(j => !j.Candidate.Fits).OrderBy(j => j.Candidate.Host, StringComparer.Ordinal).ToList();
        var candidates = fitting.Concat(refused).Select(j => j.Candidate).ToList();

        if (fitting.Count == 0)
        {
            var why = string.Join("; ", refused.Select(j => $"{j.Candidate.Host}: {j.Candidate.Verdict}"));
            return new PlacementDecision(null, $"no host has room for {request.MemoryMiB} MiB and {request.Vcpus} vCPUs: {why}", candidates);
        }

        var chosen = fitting[0];
        return new PlacementDecision(chosen.Candidate.Host, Explain(chosen, fitting, hosts.Count, request), candidates);
    }

    /// <summary>
    /// A host's room: its limits less what its reported guests take and what the reservations that still count
    /// hold. Memory limit: the smaller of total x <see cref="PlacementPolicy.MemoryOvercommit"/> less
    /// <see cref="PlacementPolicy.ReservedMemoryMiB"/>, and the agent's cap. vCPU limit: the smaller of CPUs x
    /// <see cref="PlacementPolicy.CpuOvercommit"/>, and the agent's cap. Every defined domain counts, running or
    /// not: a shut-off VM may be started at any time.
    /// </summary>
    public static HostRoom RoomOf(PlacementHost host, IEnumerable<PlacementReservation> reservations, PlacementPolicy policy)
    {
        var memoryLimit = (long)Math.Floor(host.MemoryMiB * policy.MemoryOvercommit) - policy.ReservedMemoryMiB;
        if (host.MaxGuestMemoryMiB is { } memoryCap) memoryLimit = Math.Min(memoryLimit, memoryCap);
        memoryLimit = Math.Max(0, memoryLimit);
        var vcpuLimit = (int)Math.Floor(host.Cpus * policy.CpuOvercommit);
        if (host.MaxGuestVcpus is { } vcpuCap) vcpuLimit = Math.Min(vcpuLimit, vcpuCap);
        vcpuLimit = Math.Max(0, vcpuLimit);

        var guestMemory = host.Guests.Sum(g => g.MemoryMiB);
        var guestVcpus = host.Guests.Sum(g => g.Vcpus);
        var held = reservations.Where(r => IsOn(r, host) && Counts(r, host)).ToList();
        var heldMemory = held.Sum(r => (long)r.MemoryMiB);
        var heldVcpus = held.Sum(r => r.Vcpus);
        return new HostRoom(
            memoryLimit, guestMemory, heldMemory, Math.Max(0, memoryLimit - guestMemory - heldMemory),
            vcpuLimit, guestVcpus, heldVcpus, Math.Max(0, vcpuLimit - guestVcpus - heldVcpus),
            host.Guests.Count, held.Count);
    }

    /// <summary>The reservation is for <paramref name="host"/> (host names are case-insensitive).</summary>
    public static bool IsOn(PlacementReservation reservation, PlacementHost host) =>
        string.Equals(reservation.Host, host.Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a reservation still holds room on its host: not once the host reports the request's domain
    /// (the guest then counts instead, so nothing is counted twice), and not for a request that succeeded
    /// once the host reported after its end (its domain, if it still exists, is among the guests).
    /// </summary>
    public static bool Counts(PlacementReservation reservation, PlacementHost host)
    {
        var domain = Naming.DomainUuid(reservation.RequestId);
        if (host.Guests.Any(g => g.Uuid == domain)) return false;
        return reservation.SettledAt is not { } settled || host.ReportedAt < settled;
    }

    private static Judged Judge(PlacementHost host, IReadOnlyCollection<PlacementReservation> reservations, PlacementRequest request, PlacementPolicy policy)
    {
        var room = RoomOf(host, reservations, policy);
        var hasOvs = host.Bridges.Contains(request.Bridge, StringComparer.Ordinal);
        var hasNetwork = host.Networks.Contains(request.Bridge, StringComparer.Ordinal);
        var problems = new List<string>();
        if (!host.Online) problems.Add($"offline (last heard {host.LastSeenSecondsAgo:0} s ago)");
        if (!host.Onboarded) problems.Add("not onboarded (no onboard-host request has succeeded for it)");
        if (request.Image is { } image)
        {
            var copy = image.On(host.Name);
            if (copy is null) problems.Add($"does not hold image {image.Image} (import it there with import-image)");
            else if (copy.MinDiskGiB > request.DiskGiB) problems.Add($"its image {image.Image} is {copy.MinDiskGiB} GiB, more than the {request.DiskGiB} GiB disk");
        }
        if (room.FreeMemoryMiB < request.MemoryMiB)
        {
            problems.Add($"needs {request.MemoryMiB} MiB of memory, has {room.FreeMemoryMiB} MiB free "
                + $"({room.MemoryLimitMiB} MiB for guests: {room.GuestMemoryMiB} MiB in {room.Guests} guests, {room.ReservedMemoryMiB} MiB held for {room.InFlight} requests in flight)");
        }
        if (room.FreeVcpus < request.Vcpus)
        {
            problems.Add($"needs {request.Vcpus} vCPUs, has {room.FreeVcpus} free "
                + $"({room.VcpuLimit} for guests: {room.GuestVcpus} in {room.Guests} guests, {room.ReservedVcpus} held for {room.InFlight} requests in flight)");
        }
        var verdict = problems.Count > 0
            ? string.Join("; ", problems)
            : $"fits: {room.FreeMemoryMiB} MiB and {room.FreeVcpus} vCPUs free" + BridgeNote(hasOvs, hasNetwork, request.Bridge);
        return new Judged(new PlacementCandidate(host.Name, problems.Count == 0, verdict, hasOvs, hasNetwork, room), (hasOvs ? 1 : 0) + (hasNetwork ? 1 : 0));
    }

    private static string BridgeNote(bool hasOvs, bool hasNetwork, string bridge) => (hasOvs, hasNetwork) switch
    {
        (true, true) => $", has bridge {bridge}",
        (true, false) => $", has Open vSwitch bridge {bridge} (no libvirt network yet)",
        (false, true) => $", has libvirt network {bridge} (no Open vSwitch bridge yet)",
        _ => "",
    };

    private static string Explain(Judged chosen, List<Judged> fitting, int considered, PlacementRequest request)
    {
        var room = chosen.Candidate.Room;
        var bridge = chosen.BridgeScore switch
        {
            2 => $"it already has bridge {request.Bridge} (Open vSwitch bridge and libvirt network)",
            1 when chosen.Candidate.HasNetwork => $"it already has libvirt network {request.Bridge} (no Open vSwitch bridge yet)",
            1 => $"it already has Open vSwitch bridge {request.Bridge} (no libvirt network yet)",
            _ => $"no host with room has bridge {request.Bridge} yet",
        };
        var lacking = fitting.Count(j => j.BridgeScore < chosen.BridgeScore);
        var peers = fitting.Count(j => j.BridgeScore == chosen.BridgeScore);
        var order = (lacking, peers) switch
        {
            (> 0, > 1) => $", ahead of {lacking} other hosts with room that have less of it; the emptiest of the {peers} that have as much",
            (> 0, _) => $", ahead of the {lacking} other hosts with room, which have less of it",
            (_, > 1) => $"; the emptiest of the {peers} hosts with room",
            _ => "; the only host with room",
        };
        return $"placed on {chosen.Candidate.Host}: {bridge}{order}; after this request {room.FreeMemoryMiB - request.MemoryMiB} of {room.MemoryLimitMiB} MiB "
            + $"and {room.FreeVcpus - request.Vcpus} of {room.VcpuLimit} vCPUs stay free ({fitting.Count} of {considered} hosts fit)";
    }

    private static double Share(long used, long limit) => limit <= 0 ? 1 : (double)used / limit;

    private sealed record Judged(PlacementCandidate Candidate, int BridgeScore);
}
