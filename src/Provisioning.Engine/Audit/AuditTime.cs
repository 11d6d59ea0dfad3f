namespace Provisioning.Engine.Audit;

/// <summary>Timestamps as PostgreSQL keeps them: microseconds, UTC.</summary>
public static class AuditTime
{
    /// <summary>
    /// Drops the 100-ns ticks PostgreSQL would drop anyway, so that a keyset cursor built from a document's
    /// timestamp compares equal to the indexed column it came from.
    /// </summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
}
