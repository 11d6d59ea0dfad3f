using Marten;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Fleet;
using Provisioning.Engine.Placement;
using Provisioning.Engine.Timers;

namespace Provisioning.Engine.Admission;

/// <summary>
/// How full a host is, read where it is decided: the commands outstanding on it are the stored timeouts of commands
/// sent there (a pending command always has one, saved and deleted with the events), so the count cannot drift from the
/// streams. A decision that takes a slot takes the host's advisory lock first, so two decisions never both take its last
/// slot; the lock comes after the request's stream lock and before nothing else, so it cannot deadlock. A decision that
/// hands its own slot to its next command on the same host takes none (<see cref="BudgetAsync"/>).
/// </summary>
public static class HostSlots
{
    /// <summary>The host's slots: the configured maximum, else what its agent reported, else the default.</summary>
    public static async Task<int> CapacityAsync(IQuerySession session, EngineOptions options, string host, CancellationToken ct)
    {
        if (options.MaxOutstandingPerHost is { } configured) return configured;
        var record = await session.LoadAsync<HostRecord>(HostRecord.IdOf(host), ct);
        return record?.CommandSlots is { } slots and > 0 ? slots : EngineOptions.DefaultHostSlots;
    }

    /// <summary>Commands outstanding on <paramref name="host"/>, not counting <paramref name="except"/>'s own.</summary>
    public static async Task<int> OutstandingAsync(IQuerySession session, string host, Guid? except, CancellationToken ct)
    {
        var key = HostRecord.IdOf(host);
        var query = session.Query<StepDeadline>().Where(d => d.Kind == StepDeadline.Timeout && d.Host == key);
        return except is { } id ? await query.CountAsync(d => d.RequestId != id, ct) : await query.CountAsync(ct);
    }

    /// <summary>
    /// The budget for a decision of <paramref name="requestId"/> (submitted at <paramref name="submittedAt"/>) sending a
    /// command of <paramref name="mode"/> to <paramref name="host"/>, under the host's lock (held to the commit): the free
    /// slots, its own pending command's counted as free, less one for each request waiting ahead of it (any undo ahead of
    /// new work, then older requests), so a slot goes to whoever's turn it is.
    /// </summary>
    public static async Task<SlotBudget> LockedBudgetAsync(IDocumentSession session, EngineOptions options, string host, Guid requestId,
        DateTimeOffset submittedAt, Contracts.StepMode mode, CancellationToken ct)
    {
        await LockAsync(session, options, host, ct);
        var capacity = await CapacityAsync(session, options, host, ct);
        var outstanding = await OutstandingAsync(session, host, requestId, ct);
        var ahead = await AheadAsync(session, host, requestId, submittedAt, mode, ct);
        return new SlotBudget(capacity - outstanding - ahead, false);
    }

    /// <summary>
    /// The budget of a decision that sends a command of <paramref name="mode"/> to <paramref name="host"/> for a request
    /// whose pending command is on <paramref name="heldOn"/>. A request handing its own slot to its next command on the
    /// same host needs no lock: the host's outstanding count does not change (one settles as one goes out, in this
    /// transaction), so no other decision's budget can be wrong for it, and a waiter added meanwhile found the host full
    /// without this slot and still does. It keeps the slot only while nobody waits ahead of it and the host is not over
    /// its capacity without it (the capacity may have been lowered, or the agent restarted with fewer slots); otherwise
    /// the locked budget decides, and the request may have to wait its turn.
    /// </summary>
    public static async Task<SlotBudget> BudgetAsync(IDocumentSession session, EngineOptions options, string host, string? heldOn, Guid requestId,
        DateTimeOffset submittedAt, Contracts.StepMode mode, CancellationToken ct)
    {
        if (HandsOver(heldOn, host)
            && await AheadAsync(session, host, requestId, submittedAt, mode, ct) == 0
            && await CapacityAsync(session, options, host, ct) - await OutstandingAsync(session, host, requestId, ct) >= 1)
        {
            return SlotBudget.Own;
        }
        return await LockedBudgetAsync(session, options, host, requestId, submittedAt, mode, ct);
    }

    /// <summary>Does a request whose command was outstanding on <paramref name="heldOn"/> keep that slot for a command to <paramref name="host"/>?</summary>
    public static bool HandsOver(string? heldOn, string? host) =>
        heldOn is not null && host is not null && HostRecord.IdOf(heldOn) == HostRecord.IdOf(host);

    /// <summary>Requests waiting for a slot on the host whose turn comes first: any undo ahead of new work, then older requests.</summary>
    private static async Task<int> AheadAsync(IQuerySession session, string host, Guid requestId, DateTimeOffset submittedAt, Contracts.StepMode mode, CancellationToken ct)
    {
        var key = HostRecord.IdOf(host);
        var waiters = session.Query<SlotWaiter>().Where(w => w.Host == key && w.Id != requestId);
        return mode == Contracts.StepMode.Compensate
            ? await waiters.CountAsync(w => w.Undo && w.SubmittedAt < submittedAt, ct)
            : await waiters.CountAsync(w => w.Undo || w.SubmittedAt < submittedAt, ct);
    }

    /// <summary>Takes the host's lock in the session's transaction, held to its commit (again in the same transaction: no wait).</summary>
    public static Task LockAsync(IDocumentSession session, EngineOptions options, string host, CancellationToken ct) =>
        AdvisoryLock.AcquireAsync(session, KeyOf(options.Schema, host), exclusive: true, ct);

    /// <summary>The waiter document follows the state: stored while it waits for a slot, deleted when it stops.</summary>
    public static void KeepWaiter(IDocumentSession session, Guid requestId, RequestState? before, RequestState after)
    {
        if (after.AwaitingSlot is { } waiting)
        {
            if (before?.AwaitingSlot != waiting)
            {
                session.Store(new SlotWaiter
                {
                    Id = requestId, Host = HostRecord.IdOf(waiting.Host), Undo = waiting.Mode == Contracts.StepMode.Compensate, Since = waiting.Since,
                    SubmittedAt = after.SubmittedAt,
                });
            }
        }
        else if (before?.AwaitingSlot is not null)
        {
            session.Delete<SlotWaiter>(requestId);
        }
    }

    private static long KeyOf(string schema, string host) => AdvisoryLock.Key("slots:" + HostRecord.IdOf(host), schema);
}
