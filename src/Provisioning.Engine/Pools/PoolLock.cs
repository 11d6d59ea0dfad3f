using Marten;
using Provisioning.Engine.Placement;

namespace Provisioning.Engine.Pools;

/// <summary>
/// One PostgreSQL advisory lock per schema between allocations and admins' changes to pools: an allocation takes it
/// shared (allocations run side by side; their unique index settles races between them), a definition or removal
/// exclusively, so a pool is never removed under an allocation that read it, and two definitions never both pass
/// the overlap check. Taken after the placement lock, if at all: no cycle, no deadlock.
/// </summary>
public static class PoolLock
{
    /// <summary>Waits for the lock in <paramref name="session"/>'s transaction (begun here if it is not yet); released by commit or rollback.</summary>
    public static Task AcquireAsync(IDocumentSession session, string schema, bool exclusive, CancellationToken ct) =>
        AdvisoryLock.AcquireAsync(session, KeyOf(schema), exclusive, ct);

    /// <summary>A stable 64-bit key per schema.</summary>
    public static long KeyOf(string schema) => AdvisoryLock.Key("pools", schema);
}
