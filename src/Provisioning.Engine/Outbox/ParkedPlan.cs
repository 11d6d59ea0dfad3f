namespace Provisioning.Engine.Outbox;

/// <summary>What to do with one host's parked commands now: the decision of <see cref="ParkedSends"/>, without its I/O.</summary>
public static class ParkedPlan
{
    /// <summary>The longest wait between two tries of a host whose sends keep being refused.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Splits a host's parked commands into those past their not-after, dropped unsent (the agent would refuse them, and
    /// the engine's deadline has taken their step over: timed out, retried or undone), and the rest, to send oldest first.
    /// </summary>
    public static (IReadOnlyList<ParkedCommand> Expired, IReadOnlyList<ParkedCommand> Send) For(IEnumerable<ParkedCommand> parked, DateTimeOffset now)
    {
        var byAge = parked.OrderBy(p => p.ParkedAt).ThenBy(p => p.Command.DispatchedAt).ToList();
        return (byAge.Where(p => NotAfter(p) < now).ToList(), byAge.Where(p => NotAfter(p) >= now).ToList());
    }

    /// <summary>The command's not-after; the attempt's deadline for one dispatched before commands carried it.</summary>
    public static DateTimeOffset NotAfter(ParkedCommand parked) => parked.Command.StartBy ?? parked.Command.DeadlineAt;

    /// <summary>How long after its <paramref name="failures"/>th refused try in a row a host is tried again: 1 s, doubling, at most <see cref="MaxBackoff"/>.</summary>
    public static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Clamp(failures - 1, 0, 10))));
}
