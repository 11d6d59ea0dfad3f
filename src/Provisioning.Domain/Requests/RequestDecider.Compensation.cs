using Provisioning.Contracts;
using Provisioning.Domain.Steps;

namespace Provisioning.Domain.Requests;

public static partial class RequestDecider
{
    private static readonly StepStatus[] Touched =
        [StepStatus.Succeeded, StepStatus.Failed, StepStatus.TimedOut, StepStatus.Dispatched, StepStatus.Running, StepStatus.RetryScheduled];

    /// <summary>
    /// Undo newest first: the failing step cleans up its own partial work, then every completed
    /// step in reverse order. Steps that never ran, and steps with nothing to undo, are skipped (a step waiting for a
    /// slot has run when an attempt before went out).
    /// </summary>
    private static IEnumerable<object> BeginCompensation(RequestState state, string reason, string actor, DecisionContext ctx)
    {
        var steps = state.Steps
            .Where(s => (Touched.Contains(s.Status) || (s.Status == StepStatus.AwaitingSlot && s.Attempts > 0)) && state.PlanOf(s.Name).HasCompensation)
            .Select(s => s.Name)
            .Reverse()
            .ToList();
        var started = new CompensationStarted(reason, steps, actor, ctx.Now);
        return [started, .. ContinueCompensation(state.Evolve(started), ctx)];
    }

    private static IEnumerable<object> ContinueCompensation(RequestState state, DecisionContext ctx)
    {
        if (state.CompensationQueue.Count > 0)
        {
            return [Dispatch(state, state.CompensationQueue[0], StepMode.Compensate, 1, ctx)];
        }
        if (state.Leftovers.Count > 0) return [new RollbackFailed(state.Leftovers, ctx.Now)];
        return state.CancelRequested
            ? [new RequestCancelled(state.CancelActor ?? state.DrivingActor, ctx.Now)]
            : [new RequestRolledBack(state.CompensationReason ?? "rolled back", ctx.Now)];
    }

    private static Decision CompensationResult(RequestState state, RecordStepResult r, DecisionContext ctx)
    {
        if (r.Succeeded)
        {
            var done = new StepCompensated(r.CommandId, r.Step, r.Attempt, r.Host, r.Outputs, r.FinishedAt);
            return new Decision([done, .. ContinueCompensation(state.Evolve(done), ctx)]);
        }
        var failed = new CompensationAttemptFailed(r.CommandId, r.Step, r.Attempt, r.Host, r.Error ?? "failed", r.Transient, r.FinishedAt);
        return new Decision([failed, .. CompensationAttemptOver(state.Evolve(failed), r.Step, r.Attempt, r.Host, r.Error ?? "failed", r.Transient, ctx)]);
    }

    /// <summary>After a failed undo attempt: retry within the policy, else record what is left and go on with the rest.</summary>
    private static IEnumerable<object> CompensationAttemptOver(RequestState state, string step, int attempt, string host, string error, bool transient, DecisionContext ctx)
    {
        var plan = state.PlanOf(step);
        if (transient && attempt < plan.Retry.MaxAttempts)
        {
            var due = ctx.Now + plan.Retry.DelayBefore(attempt + 1, ctx.Random);
            return [new StepRetryScheduled(ctx.NewId(), step, StepMode.Compensate, attempt + 1, due, error)];
        }
        var failed = new CompensationFailed(step, host, error, LeftoversOf(state, step, host), ctx.Now);
        return [failed, .. ContinueCompensation(state.Evolve(failed), ctx)];
    }

    private static Decision Cancel(RequestState state, CancelRequest c, DecisionContext ctx)
    {
        if (state.IsTerminal) return Decision.Reject($"the request is {state.Status} and cannot be cancelled");
        if (state.CancelRequested || state.IsCompensating) return Decision.None;
        var requested = new CancelRequested(c.Actor, c.Reason, ctx.Now);
        // With a command in flight, compensation starts when its result arrives; otherwise at once.
        if (state.Pending is not null) return new Decision([requested]);
        return new Decision([requested, .. BeginCompensation(state.Evolve(requested), "cancelled", c.Actor, ctx)]);
    }

    private static Decision Rollback(RequestState state, RollbackRequest c, DecisionContext ctx)
    {
        if (state.Status != RequestStatus.Succeeded) return Decision.Reject($"only a Succeeded request can be rolled back; this one is {state.Status}");
        var requested = new RollbackRequested(c.Actor, c.Reason, ctx.Now);
        return new Decision([requested, .. BeginCompensation(state.Evolve(requested), $"rollback requested by {c.Actor}", c.Actor, ctx)]);
    }

    private static Decision RetryFailedRollback(RequestState state, RetryRollback c, DecisionContext ctx)
    {
        if (state.Status != RequestStatus.RollbackFailed) return Decision.Reject($"only a RollbackFailed request can retry its rollback; this one is {state.Status}");
        var steps = state.Steps.Where(s => s.Status == StepStatus.CompensationFailed).Select(s => s.Name).Reverse().ToList();
        var requested = new RollbackRetryRequested(c.Actor, ctx.Now);
        var started = new CompensationStarted($"rollback retried by {c.Actor}", steps, c.Actor, ctx.Now);
        var next = state.Evolve(requested).Evolve(started);
        return new Decision([requested, started, .. ContinueCompensation(next, ctx)]);
    }

    /// <summary>
    /// What a step whose undo failed leaves on its host: what the agent said its execution made, or (a timeout, an
    /// older stream) what its definition says it could have made.
    /// </summary>
    private static IReadOnlyList<string> LeftoversOf(RequestState state, string step, string host)
    {
        var s = state.StepOf(step);
        if (s.Created is { } created) return created;
        return StepCatalog.Find(step) is { } definition
            ? definition.Leftovers(definition.ArgumentsFor(state.Parameters), s.Outputs, host)
            : [$"effects of {step} on {host}"];
    }
}
