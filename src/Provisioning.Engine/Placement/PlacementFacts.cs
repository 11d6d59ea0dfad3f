using Marten;
using Provisioning.Domain.Placement;
using Provisioning.Engine.Fleet;
using Provisioning.Engine.Onboarding;

namespace Provisioning.Engine.Placement;

/// <summary>
/// The fleet as placement sees it, read from the documents: host records (latest heartbeats), onboardings and
/// reservations. Shared by the submission (inside its locked transaction) and the host endpoints.
/// </summary>
public sealed record PlacementFacts(
    IReadOnlyList<HostRecord> Records,
    IReadOnlyDictionary<string, HostOnboarding> Onboardings,
    IReadOnlyList<HostReservation> Reservations)
{
    /// <summary>Reads everything placement needs through <paramref name="session"/> (inside its transaction, if it has one).</summary>
    public static async Task<PlacementFacts> ReadAsync(IQuerySession session, CancellationToken ct)
    {
        var records = await session.Query<HostRecord>().ToListAsync(ct);
        var onboardings = await session.Query<HostOnboarding>().ToListAsync(ct);
        var reservations = await session.Query<HostReservation>().ToListAsync(ct);
        return new PlacementFacts(records.ToList(), onboardings.ToDictionary(o => o.Id, StringComparer.Ordinal), reservations.ToList());
    }

    /// <summary>Every known host, as of <paramref name="now"/>.</summary>
    public IReadOnlyList<PlacementHost> Hosts(DateTimeOffset now) => Records.Select(r => Host(r, now)).ToList();

    /// <summary>The reservations in the pure shape.</summary>
    public IReadOnlyList<PlacementReservation> Held() =>
        Reservations.Select(r => new PlacementReservation(r.Id, r.Host, r.MemoryMiB, r.Vcpus, r.SettledAt)).ToList();

    /// <summary>One host record as placement sees it.</summary>
    public PlacementHost Host(HostRecord r, DateTimeOffset now) => new(
        r.Name,
        HostStatus.Of(r.LastSeenAt, r.HeartbeatSeconds, now) == HostState.Online,
        Math.Max(0, (now - r.LastSeenAt).TotalSeconds),
        Onboardings.ContainsKey(r.Id),
        r.Cpus,
        r.MemoryMiB,
        r.MaxGuestMemoryMiB,
        r.MaxGuestVcpus,
        r.Guests.Select(g => new PlacementGuest(g.Uuid, g.MemoryMiB, g.Vcpus)).ToList(),
        r.Bridges,
        r.Networks,
        r.ReportedAt);

    /// <summary>
    /// Reservations of requests that succeeded and no longer count: their host has reported since. Removed under the
    /// placement lock so the ledger stays small. A request still in flight keeps its reservation even while its host
    /// reports its domain: a step retried after undoing its own partial work may define the domain again.
    /// </summary>
    public IEnumerable<HostReservation> Spent(DateTimeOffset now)
    {
        var hosts = Hosts(now).ToDictionary(h => HostRecord.IdOf(h.Name), StringComparer.Ordinal);
        foreach (var r in Reservations.Where(r => r.SettledAt is not null))
        {
            if (hosts.TryGetValue(r.Host, out var host) && !Placer.Counts(new PlacementReservation(r.Id, r.Host, r.MemoryMiB, r.Vcpus, r.SettledAt), host))
            {
                yield return r;
            }
        }
    }
}
