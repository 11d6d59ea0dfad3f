using JasperFx.Events;
using Marten;
using Marten.Events.Archiving;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Integrity;

/// <summary>
/// Reads a request's stream whether or not it is archived. Marten's <c>FetchStreamAsync</c> and
/// <c>AggregateStreamAsync</c> leave archived events out, so an archived request would vanish from the
/// API; the audit trail must stay readable forever.
/// </summary>
public static class StreamHistory
{
    /// <summary>The stream's events in version order, archived or not; up to <paramref name="asOf"/> when given.</summary>
    public static async Task<IReadOnlyList<IEvent>> FetchIncludingArchivedAsync(
        IQuerySession session, Guid streamId, DateTimeOffset? asOf = null, CancellationToken ct = default)
    {
        var query = session.Events.QueryAllRawEvents().Where(e => e.StreamId == streamId && e.MaybeArchived());
        if (asOf is { } at) query = query.Where(e => e.Timestamp <= at);
        return await query.OrderBy(e => e.Version).ToListAsync(ct);
    }

    /// <summary>The request (or parent) folded from its events, archived or not (null when there is no such request).</summary>
    public static async Task<RequestAggregate?> AggregateIncludingArchivedAsync(
        IQuerySession session, Guid requestId, DateTimeOffset? asOf = null, CancellationToken ct = default) =>
        RequestStreams.Fold((await FetchIncludingArchivedAsync(session, requestId, asOf, ct)).Select(e => e.Data));
}
