using JasperFx;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Admission;
using Provisioning.Engine.Audit;
using Provisioning.Engine.Fleet;
using Provisioning.Engine.Integrity;
using Provisioning.Engine.Outbox;
using Provisioning.Engine.Pools;
using Provisioning.Engine.Timers;

namespace Provisioning.Engine.Requests;

/// <summary>
/// The saga's only write path, and all it does: fetch the stream (locked), decide, append, keep the deadlines the new
/// state needs (and delete the settled ones), save, all in one transaction. What else follows from the events (the
/// summary, reservations, onboardings, the inventory, the audit log) is kept by inline projections in that same
/// transaction; the commands it stored are handed back (<see cref="DecisionOutcome.Dispatches"/>) for the caller to
/// pass to the dispatcher. A concurrency conflict (another replica or a duplicate delivery got there first) is retried
/// on the fresh state, where the decider usually finds there is nothing left to do.
/// </summary>
public sealed class RequestStore(IDocumentStore store, TimeProvider clock, EngineOptions options, ILogger<RequestStore> log)
{
    private const int MaxConflicts = 8;

    /// <summary>
    /// Decides <paramref name="command"/> against the request's current events and appends the outcome. Requests start
    /// through <see cref="RequestSubmission"/> only, which reads what the decider needs to know of the fleet first.
    /// </summary>
    public async Task<DecisionOutcome> DecideAsync(Guid requestId, RequestCommand command, Causation causation, CancellationToken ct)
    {
        if (command is SubmitRequest) throw new ArgumentException("requests start through RequestSubmission.SubmitAsync", nameof(command));
        if (command is ArchiveRequest) return await ArchiveAsync(requestId, command, causation, ct);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            try
            {
                var outcome = await DecideInSessionAsync(session, requestId, command, causation, ct);
                if (outcome.NeedsSave) await session.SaveChangesAsync(ct);
                return outcome;
            }
            catch (ConcurrencyException) when (attempt < MaxConflicts)
            {
                log.LogDebug("Concurrent write to request {RequestId}; deciding {Command} again", requestId, command.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), ct);
            }
        }
    }

    /// <summary>
    /// An archive, decided like any command, then Marten's <c>ArchiveStream</c> as its follow-up, in one transaction:
    /// Marten runs an <c>ArchiveStream</c> queued in a session before that session's appends (appends become operations
    /// at save time), and appending to an archived stream fails, so the event is saved first and the stream archived
    /// after it, by two saves on a transaction of the store's own. The stream row's lock makes a concurrent archive or
    /// result wait and then see this one.
    /// </summary>
    private async Task<DecisionOutcome> ArchiveAsync(Guid requestId, RequestCommand command, Causation causation, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var session = store.LightweightSession(SessionOptions.ForTransaction(tx));
        var outcome = await DecideInSessionAsync(session, requestId, command, causation, ct);
        if (!outcome.NeedsSave) return outcome;
        await session.SaveChangesAsync(ct);
        session.Events.ArchiveStream(requestId);
        await session.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return outcome;
    }

    /// <summary>
    /// Decides a submission inside the caller's session, with what the caller read of the fleet for it in that same
    /// session (<see cref="RequestSubmission"/> also saves an idempotency record there). Does not save.
    /// </summary>
    public Task<DecisionOutcome> SubmitInSessionAsync(IDocumentSession session, SubmitRequest command, SubmissionFacts facts, Causation causation, CancellationToken ct) =>
        DecideInSessionAsync(session, command.RequestId, command, causation, ct, facts);

    private async Task<DecisionOutcome> DecideInSessionAsync(IDocumentSession session, Guid requestId, RequestCommand command, Causation causation, CancellationToken ct,
        SubmissionFacts? facts = null)
    {
        // Submissions start a new stream (optimistic); everything after locks the stream row, so a
        // racing result waits and decides on the fresh state instead of failing its append and leaving
        // a hole in the event sequence that the outbox would wait on.
        var stream = command is SubmitRequest
            ? await session.Events.FetchForWriting<RequestAggregate>(requestId, ct)
            : await session.Events.FetchForExclusiveWriting<RequestAggregate>(requestId, ct);
        // Marten folds only what is not archived: an archived request is read whole, to be told it is archived already.
        var before = stream.Aggregate ?? (command is ArchiveRequest ? await ArchivedAsync(session, requestId, ct) : null);
        var ctx = DecisionContext.FromClock(clock);
        Decision DecideWith(DecisionContext context) => (command, facts) is (SubmitRequest submit, { } checkedFacts)
            ? StreamDecider.Submit(before, submit, checkedFacts, context)
            : StreamDecider.Decide(before, command, context);
        var decision = DecideWith(ctx);
        // Per-host admission: a decision that sends a command decides again with what its host can take, under the
        // host's lock (held to the commit) unless it hands its own slot on; one that sends nothing pays nothing.
        if (decision.Events.OfType<StepDispatched>().FirstOrDefault() is { } sent)
        {
            var state = before as RequestState;
            var submittedAt = state?.SubmittedAt ?? ctx.Now;
            ctx = ctx with { Slots = await HostSlots.BudgetAsync(session, options, sent.Host, state?.Pending?.Host, requestId, submittedAt, sent.Mode, ct) };
            decision = DecideWith(ctx);
        }
        // A decommission that removed a VM of ours frees that VM's address: its lease is read here, in this transaction.
        if (DecommissionRelease.VmOf(decision) is { } vm && await AddressLeases.OfRequestAsync(session, vm, ct) is { } lease)
        {
            decision = DecommissionRelease.With(decision, AddressLeases.ToHeld(lease), lease.PoolName, ctx.Now);
        }
        if (decision.Events.Count == 0)
        {
            if (command is FireDeadline fired) KeepFiredDeadline(session, requestId, before as RequestState, fired.DeadlineId);
            return new DecisionOutcome(before, decision, command is FireDeadline);
        }

        var after = decision.Events.Aggregate(before, RequestStreams.Evolve)!;
        Stamp(session, requestId, causation, after);
        foreach (var e in decision.Events)
        {
            if (e is StepDispatched dispatched)
            {
                // The dispatch event's id is the command id: the outbox uses it as the message id,
                // and agents deduplicate on it.
                var wrapped = session.Events.BuildEvent(dispatched);
                wrapped.Id = dispatched.CommandId;
                stream.AppendOne(wrapped);
            }
            else
            {
                stream.AppendOne(e);
            }
        }
        // A parent waits on no command of its own: its children keep theirs.
        if (after is RequestState request)
        {
            KeepDeadlines(session, requestId, before as RequestState, request);
            HostSlots.KeepWaiter(session, requestId, before as RequestState, request);
        }
        return new DecisionOutcome(after, decision, true) { FreedSlotOn = FreedSlot(before as RequestState, after as RequestState) };
    }

    /// <summary>
    /// The host a command of the request was outstanding on before the decision and no longer is, unless its next
    /// command took that slot over (the host has nothing more free than before).
    /// </summary>
    private static string? FreedSlot(RequestState? before, RequestState? after) =>
        before?.Pending is { } pending && after?.Pending?.CommandId != pending.CommandId && !HostSlots.HandsOver(pending.Host, after?.Pending?.Host)
            ? pending.Host
            : null;

    private static async Task<RequestAggregate?> ArchivedAsync(IDocumentSession session, Guid requestId, CancellationToken ct) =>
        await session.Events.FetchStreamStateAsync(requestId, ct) is { IsArchived: true }
            ? await StreamHistory.AggregateIncludingArchivedAsync(session, requestId, ct: ct)
            : null;

    private static void Stamp(IDocumentSession session, Guid requestId, Causation causation, RequestAggregate state)
    {
        session.CorrelationId = requestId.ToString();
        session.CausationId = causation.CausationId;
        session.LastModifiedBy = causation.Actor ?? state.DrivingActor;
        session.SetHeader("source", causation.Source);
        if (state.Ticket is { } ticket) session.SetHeader("ticket", ticket);
        session.SetHeader("host", state.Host);
        // Request-level facts on every event, so the audit projections file any event without loading the request.
        session.SetHeader(AuditHeaders.Workflow, state.Workflow);
        if (state.Project is { } project) session.SetHeader(AuditHeaders.Project, project);
    }

    /// <summary>
    /// A deadline that changed nothing: gone if the state no longer waits on it, else stored again as the state has it.
    /// The poller may have read it just before it moved (a start reported meanwhile), and deleting it then would leave
    /// the step without any deadline.
    /// </summary>
    private static void KeepFiredDeadline(IDocumentSession session, Guid requestId, RequestState? state, Guid deadlineId)
    {
        if (state?.Pending is { } pending && pending.CommandId == deadlineId) StoreTimeout(session, requestId, pending);
        else session.Delete<StepDeadline>(deadlineId);
    }

    /// <summary>The timeout document mirrors the pending command: its id, host and current deadline.</summary>
    private static void StoreTimeout(IDocumentSession session, Guid requestId, PendingCommand pending) =>
        session.Store(new StepDeadline { Id = pending.CommandId, RequestId = requestId, DueAt = pending.DeadlineAt, Kind = StepDeadline.Timeout, Host = HostRecord.IdOf(pending.Host) });

    /// <summary>The deadline documents follow the state: what it waits on now is stored, what it no longer waits on deleted.</summary>
    private static void KeepDeadlines(IDocumentSession session, Guid requestId, RequestState? before, RequestState after)
    {
        // A new command, or its deadline moved (to the start plus the start-to-close timeout, or to the end of the schedule-to-start timeout).
        if (after.Pending is { } waiting && (before?.Pending is not { } was || was.CommandId != waiting.CommandId || was.DeadlineAt != waiting.DeadlineAt))
        {
            StoreTimeout(session, requestId, waiting);
        }
        if (after.Timer is { } retry && before?.Timer?.TimerId != retry.TimerId)
        {
            session.Store(new StepDeadline { Id = retry.TimerId, RequestId = requestId, DueAt = retry.DueAt, Kind = StepDeadline.Retry });
        }
        // Settled deadlines go in the same transaction, so a poller never fires one that no longer matters.
        if (before?.Pending is { } pending && after.Pending?.CommandId != pending.CommandId) session.Delete<StepDeadline>(pending.CommandId);
        if (before?.Timer is { } timer && after.Timer?.TimerId != timer.TimerId) session.Delete<StepDeadline>(timer.TimerId);
    }
}

/// <summary>What a decision did: the state after it, the decision, and whether the session holds changes to save.</summary>
public sealed record DecisionOutcome(RequestAggregate? State, Decision Decision, bool NeedsSave)
{
    /// <summary>A host where the decision freed a slot (its command was answered or timed out): its waiters' turn.</summary>
    public string? FreedSlotOn { get; init; }

    /// <summary>
    /// The commands the decision issued, for the caller to hand to the <see cref="CommandDispatcher"/> once they are
    /// committed (by <see cref="RequestStore.DecideAsync"/> itself, or by the submission that saves its session).
    /// </summary>
    public CommittedDispatches Dispatches => State is null || !NeedsSave
        ? CommittedDispatches.None
        : new CommittedDispatches(State.Id, Decision.Events.OfType<StepDispatched>().ToList());
}
