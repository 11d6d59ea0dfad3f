using Marten;

namespace Provisioning.Engine.Placement;

/// <summary>
/// One PostgreSQL advisory lock per schema, held by the transaction of every provision-vm submission from before
/// it reads the fleet until it commits its events and reservation. A placement (no host named) takes it exclusively,
/// so placements run one after another across every engine replica, each seeing every reservation committed before
/// it: two requests placed at the same moment never both take the last room of a host. A submission that names its
/// host only adds a reservation without reading any, so it takes the lock shared: such submissions run side by side
/// (the engine benchmark's load is thousands of them), and a placement still waits until every one of them has
/// committed, and holds new ones back while it decides. It cannot deadlock: it is the only lock taken first.
/// </summary>
public static class PlacementLock
{
    /// <summary>
    /// Opens <paramref name="session"/>'s transaction and waits for the lock in it, exclusive for a placement and shared
    /// otherwise; released by commit or rollback.
    /// </summary>
    public static Task AcquireAsync(IDocumentSession session, string schema, bool exclusive, CancellationToken ct) =>
        AdvisoryLock.AcquireAsync(session, KeyOf(schema), exclusive, ct);

    /// <summary>A stable 64-bit key per schema.</summary>
    public static long KeyOf(string schema) => AdvisoryLock.Key("placement", schema);
}
