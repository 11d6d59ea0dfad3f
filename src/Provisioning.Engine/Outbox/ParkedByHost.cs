using Marten;

namespace Provisioning.Engine.Outbox;

/// <summary>How many of a host's commands are parked (<see cref="ParkedSends"/>), and since when: what the hosts API shows.</summary>
public sealed record ParkedByHost(int Commands, DateTimeOffset? OldestParkedAt)
{
    public static readonly ParkedByHost None = new(0, null);

    /// <summary>Every host with parked commands, by lower-case name.</summary>
    public static async Task<IReadOnlyDictionary<string, ParkedByHost>> ReadAsync(IQuerySession session, CancellationToken ct)
    {
        var rows = await session.Query<ParkedCommand>().Select(p => new { p.Host, p.ParkedAt }).ToListAsync(ct);
        return rows.GroupBy(r => r.Host, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new ParkedByHost(g.Count(), g.Min(r => r.ParkedAt)), StringComparer.Ordinal);
    }
}
