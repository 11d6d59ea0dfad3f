namespace Provisioning.Domain.Requests;

/// <summary>
/// The decisions of a parent request (one over several hosts). It runs no step itself: it starts one child
/// request per host and waits for all of them. All succeed: it succeeds. One fails (or is cancelled): every
/// other child is asked to undo its part (a running one to cancel, a succeeded one to roll back) and the parent
/// ends rolled back, naming the host that failed and why, or RollbackFailed when a child's undo failed.
/// Cancel, rollback and retry-rollback of the parent fan out to the children the same way. The asks are events
/// (<see cref="ChildActionRequested"/>) that the engine's relay delivers; children answer with notices
/// (<see cref="RecordChildFinished"/>), of which a repeated or older one changes nothing.
/// </summary>
public static class ParentDecider
{
    /// <summary>Starts a parent: one child request per part, each with the frozen plan (the parent's own plan is empty).</summary>
    public static Decision Submit(SubmitRequest c, DecisionContext ctx)
    {
        var parts = c.Parts!;
        var duplicate = parts.GroupBy(p => p.Host, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) return Decision.Reject($"host {duplicate.Key} is named more than once");
        var submitted = RequestDecider.Submitted(c, ctx, runsSteps: false);
        var children = parts.Select(p => new ChildRequested(ChildIds.Of(c.RequestId, p.Host), p.Host, c.Definition.Name,
            c.Definition.Version, c.Definition.Steps, p.Parameters, c.Ticket, c.Actor, c.Source, c.Project, ctx.Now, c.Definition.Parameters));
        return new Decision([submitted, .. children]);
    }

    /// <summary>Decides what a trigger means for a parent.</summary>
    public static Decision Decide(ParentState parent, RequestCommand command, DecisionContext ctx) => command switch
    {
        RecordChildFinished finished => ChildFinished(parent, finished, ctx),
        CancelRequest cancel => Cancel(parent, cancel, ctx),
        RollbackRequest rollback => Rollback(parent, rollback, ctx),
        RetryRollback retry => Retry(parent, retry, ctx),
        ArchiveRequest archive => Archiving.Decide(parent, archive, ctx),
        // Step results, starts and deadlines are the children's: the parent dispatches nothing.
        _ => Decision.None,
    };

    private static Decision ChildFinished(ParentState parent, RecordChildFinished f, DecisionContext ctx)
    {
        if (parent.ChildOf(f.ChildId) is not { } child) return Decision.Reject($"request {f.ChildId} is not a child of this request");
        if (f.NoticeVersion <= child.NoticeVersion) return Decision.None; // repeated or out of date
        var finished = new ChildFinished(f.ChildId, child.Host, f.Status, f.Reason, f.Leftovers, f.NoticeVersion, ctx.Now);
        var state = parent.Evolve(finished);
        var updated = state.ChildOf(f.ChildId)!;
        return new Decision([finished, .. AfterChildFinished(state, updated, ctx)]);
    }

    private static IEnumerable<object> AfterChildFinished(ParentState state, ChildState child, DecisionContext ctx)
    {
        // After the end (or a child acted on directly by an operator) the parent only records what it heard.
        if (state.IsTerminal) return [];
        if (state.IsCompensating)
        {
            // A child that finished its part after the parent began undoing is undone too.
            return child.Status == RequestStatus.Succeeded
                ? [Ask(child, ChildAction.Rollback, state.DrivingActor, state.CompensationReason, ctx)]
                : Settle(state, ctx);
        }
        if (child.Status == RequestStatus.Succeeded)
        {
            return state.Children.All(c => c.Status == RequestStatus.Succeeded) ? [new RequestSucceeded(ctx.Now)] : [];
        }
        return BeginUndo(state, FailureReason(child), state.Actor, ctx);
    }

    private static Decision Cancel(ParentState parent, CancelRequest c, DecisionContext ctx)
    {
        if (parent.IsTerminal) return Decision.Reject($"the request is {parent.Status} and cannot be cancelled");
        if (parent.CancelRequested || parent.IsCompensating) return Decision.None;
        var requested = new CancelRequested(c.Actor, c.Reason, ctx.Now);
        return new Decision([requested, .. BeginUndo(parent.Evolve(requested), "cancelled", c.Actor, ctx)]);
    }

    private static Decision Rollback(ParentState parent, RollbackRequest c, DecisionContext ctx)
    {
        if (parent.Status != RequestStatus.Succeeded) return Decision.Reject($"only a Succeeded request can be rolled back; this one is {parent.Status}");
        var requested = new RollbackRequested(c.Actor, c.Reason, ctx.Now);
        return new Decision([requested, .. BeginUndo(parent.Evolve(requested), $"rollback requested by {c.Actor}", c.Actor, ctx)]);
    }

    private static Decision Retry(ParentState parent, RetryRollback c, DecisionContext ctx)
    {
        if (parent.Status != RequestStatus.RollbackFailed) return Decision.Reject($"only a RollbackFailed request can retry its rollback; this one is {parent.Status}");
        var requested = new RollbackRetryRequested(c.Actor, ctx.Now);
        var started = new ParentUndoStarted($"rollback retried by {c.Actor}", c.Actor, ctx.Now);
        var state = parent.Evolve(requested).Evolve(started);
        var asks = state.Children.Where(ch => ch.Status == RequestStatus.RollbackFailed)
            .Select(ch => Ask(ch, ChildAction.RetryRollback, c.Actor, started.Reason, ctx)).ToList();
        return new Decision([requested, started, .. asks, .. asks.Count == 0 ? Settle(state, ctx) : []]);
    }

    /// <summary>Undo every host's part: cancel the children still running, roll back those that succeeded.</summary>
    private static IEnumerable<object> BeginUndo(ParentState state, string reason, string actor, DecisionContext ctx)
    {
        var started = new ParentUndoStarted(reason, actor, ctx.Now);
        var next = state.Evolve(started);
        var asks = new List<object>();
        foreach (var child in next.Children)
        {
            if (child.Status == RequestStatus.Succeeded) asks.Add(Ask(child, ChildAction.Rollback, actor, reason, ctx));
            else if (!child.HasEnded) asks.Add(Ask(child, ChildAction.Cancel, actor, reason, ctx));
        }
        return [started, .. asks, .. Settle(next, ctx)];
    }

    /// <summary>Ends the parent once every child has ended with its part undone (or its undo failed for good).</summary>
    private static IEnumerable<object> Settle(ParentState state, DecisionContext ctx)
    {
        if (!state.Children.All(c => c.IsUndone)) return [];
        var failed = state.Children.Where(c => c.Status == RequestStatus.RollbackFailed).ToList();
        if (failed.Count > 0)
        {
            var leftovers = failed.SelectMany(c => c.Leftovers.IsEmpty ? [$"the part on {c.Host} (request {c.Id})"] : (IEnumerable<string>)c.Leftovers).ToList();
            return [new RollbackFailed(leftovers, ctx.Now)];
        }
        return state.CancelRequested
            ? [new RequestCancelled(state.CancelActor ?? state.DrivingActor, ctx.Now)]
            : [new RequestRolledBack(state.CompensationReason ?? "rolled back", ctx.Now)];
    }

    private static ChildActionRequested Ask(ChildState child, ChildAction action, string actor, string? reason, DecisionContext ctx) =>
        new(child.Id, child.Host, action, actor, reason, ctx.Now);

    private static string FailureReason(ChildState child)
    {
        var what = child.Status switch
        {
            RequestStatus.Cancelled => "was cancelled",
            RequestStatus.RollbackFailed => "failed and its undo failed too",
            _ => "failed",
        };
        return child.Reason is { Length: > 0 } reason ? $"host {child.Host} {what}: {reason}" : $"host {child.Host} {what}";
    }
}
