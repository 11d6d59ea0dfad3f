using Marten;
using Marten.Services;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Integrity;

/// <summary>
/// Archives a finished request with Marten's archiving: the stream is kept whole and stays readable
/// (see <see cref="StreamHistory"/>), but takes no more events. Who archived it is recorded first, as a
/// <see cref="RequestArchived"/> event (hashed into the chain like any other), in the same transaction.
/// </summary>
public sealed class RequestArchiver(IDocumentStore store, TimeProvider clock)
{
    /// <summary>Archives the request, if it exists, is finished, is not archived yet, and <paramref name="canSee"/> its project.</summary>
    public async Task<ArchiveOutcome> ArchiveAsync(Guid requestId, string actor, string? causationId, Func<string?, bool> canSee, CancellationToken ct)
    {
        // One transaction for both writes: Marten runs an ArchiveStream queued in a session before that
        // session's appends (appends are turned into operations at save time), and appending to an archived
        // stream fails; two saves on a transaction we own keep the order and the atomicity.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var session = store.LightweightSession(SessionOptions.ForTransaction(tx));

        // Locks the stream row first, so a concurrent archive or result waits and then sees this one.
        var stream = await session.Events.FetchForExclusiveWriting<RequestAggregate>(requestId, ct);
        var streamState = await session.Events.FetchStreamStateAsync(requestId, ct);
        var archived = streamState?.IsArchived == true;
        // Marten folds only unarchived events; an archived request is read whole to answer who may see it.
        var state = archived ? await StreamHistory.AggregateIncludingArchivedAsync(session, requestId, ct: ct) : stream.Aggregate;
        var outcome = ArchiveRules.Decide(state, archived, state is not null && canSee(state.Project), actor, clock.GetUtcNow());
        if (outcome.Event is null) return outcome;

        session.CorrelationId = requestId.ToString();
        session.CausationId = causationId;
        session.LastModifiedBy = actor;
        session.SetHeader("source", "api");
        if (state!.Ticket is { } ticket) session.SetHeader("ticket", ticket);
        session.SetHeader("host", state.Host);
        stream.AppendOne(outcome.Event);
        await session.SaveChangesAsync(ct);

        session.Events.ArchiveStream(requestId);
        await session.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return outcome;
    }
}
