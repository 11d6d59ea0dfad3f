using Provisioning.Contracts;

namespace Provisioning.Domain.Requests;

public static partial class RequestDecider
{
    private static Decision ExecutionResult(RequestState state, RecordStepResult r, DecisionContext ctx)
    {
        var events = new List<object>();
        if (r.Succeeded)
        {
            events.Add(new StepSucceeded(r.CommandId, r.Step, r.Attempt, r.Host, r.Outputs, r.StartedAt, r.FinishedAt, r.Created));
            events.AddRange(AfterStepSucceeded(Apply(state, events), r.Step, ctx));
            return new Decision(events);
        }

        var error = r.Error ?? "failed";
        events.Add(new StepFailed(r.CommandId, r.Step, r.Attempt, r.Host, error, r.Transient, r.Outputs, r.FinishedAt));
        var plan = state.PlanOf(r.Step);
        if (r.Transient && r.Attempt < plan.Retry.MaxAttempts && !state.CancelRequested)
        {
            var due = ctx.Now + plan.Retry.DelayBefore(r.Attempt + 1, ctx.Random);
            events.Add(new StepRetryScheduled(ctx.NewId(), r.Step, StepMode.Execute, r.Attempt + 1, due, error));
            return new Decision(events);
        }

        var reason = r.Transient
            ? $"{r.Step} failed after {r.Attempt} attempt(s): {error}"
            : $"{r.Step} failed: {error}";
        events.AddRange(BeginCompensation(Apply(state, events), reason, state.Actor, ctx));
        return new Decision(events);
    }

    /// <summary>
    /// The agent refused an execution before running it: nothing happened, so the step itself needs no undo (a first
    /// attempt's status says so). Tried again within its retry policy, as the host was only late; else the request is
    /// undone without it.
    /// </summary>
    private static Decision ExecutionNotRun(RequestState state, RecordStepResult r, DecisionContext ctx)
    {
        var reason = r.Error ?? "refused";
        var events = new List<object> { new StepNotRun(r.CommandId, r.Step, r.Mode, r.Attempt, r.Host, reason, r.FinishedAt) };
        if (state.CancelRequested) return new Decision([.. events, .. BeginCompensation(Apply(state, events), "cancelled", state.CancelActor ?? state.Actor, ctx)]);
        var plan = state.PlanOf(r.Step);
        if (r.Attempt < plan.Retry.MaxAttempts)
        {
            var due = ctx.Now + plan.Retry.DelayBefore(r.Attempt + 1, ctx.Random);
            events.Add(new StepRetryScheduled(ctx.NewId(), r.Step, StepMode.Execute, r.Attempt + 1, due, $"not run on {r.Host}: {reason}"));
            return new Decision(events);
        }
        events.AddRange(BeginCompensation(Apply(state, events), $"{r.Step} was not run on {r.Host} after {r.Attempt} attempt(s): {reason}", state.Actor, ctx));
        return new Decision(events);
    }

    private static IEnumerable<object> AfterStepSucceeded(RequestState state, string step, DecisionContext ctx)
    {
        if (state.CancelRequested)
        {
            return BeginCompensation(state, "cancelled", state.CancelActor ?? state.Actor, ctx);
        }
        var index = state.Plan.ToList().FindIndex(p => p.Name == step);
        return index + 1 < state.Plan.Count
            ? [Dispatch(state, state.Plan[index + 1].Name, StepMode.Execute, 1, ctx)]
            : [new RequestSucceeded(ctx.Now, state.Steps.Max(s => s.FinishedAt), GuestUp.Of(state))];
    }

    private static Decision Deadline(RequestState state, FireDeadline c, DecisionContext ctx)
    {
        if (state.IsTerminal) return Decision.None;
        if (state.Pending is { } pending && pending.CommandId == c.DeadlineId)
        {
            // Read before the deadline moved (a start reported meanwhile counts the timeout from the start): not due yet.
            if (ctx.Now < pending.DeadlineAt) return Decision.None;
            if (AwaitingStart(pending, c, ctx) is { } waiting) return new Decision([waiting]);
            // No answer in time. The step may still have happened, so it is compensated like a failure.
            var events = new List<object> { new StepTimedOut(pending.CommandId, pending.Step, pending.Mode, pending.Attempt, pending.Host, ctx.Now) };
            if (pending.Mode == StepMode.Execute)
            {
                events.AddRange(BeginCompensation(Apply(state, events), $"{pending.Step} timed out", state.Actor, ctx));
                return new Decision(events);
            }
            events.AddRange(CompensationAttemptOver(Apply(state, events), pending.Step, pending.Attempt, pending.Host, "timed out", true, ctx));
            return new Decision(events);
        }

        // A cancel never meets a waiting retry here: cancelling without a command in flight compensates
        // at once, and compensation clears the timer.
        if (state.Timer is { } timer && timer.TimerId == c.DeadlineId)
        {
            return new Decision([Dispatch(state, timer.Step, timer.Mode, timer.NextAttempt, ctx)]);
        }

        return Decision.None; // a deadline that no longer matters: the saga moved on
    }

    /// <summary>
    /// A start-to-close deadline that passes before the agent reported a start finds the command still in its host's
    /// queue, or started less than a second ago (agents report a start once a step has run that long; a quicker one's
    /// result comes instead). While that host's agent answers, this is a backlog: the saga waits until the command's
    /// schedule-to-start timeout (counted from its dispatch) ends, instead of timing out a step that never ran and
    /// queueing the undo behind the same backlog. A start or a result that comes meanwhile settles it. A silent host
    /// gets no schedule-to-start time.
    /// </summary>
    private static StepAwaitingStart? AwaitingStart(PendingCommand pending, FireDeadline c, DecisionContext ctx)
    {
        if (pending.StartedAt is not null || c.ScheduleToStart <= TimeSpan.Zero || pending.TimeoutSeconds <= 0) return null;
        var scheduleToStartEnds = pending.DispatchedAt + c.ScheduleToStart;
        if (scheduleToStartEnds <= pending.DeadlineAt || ctx.Now >= scheduleToStartEnds) return null;
        return new StepAwaitingStart(pending.CommandId, pending.Step, pending.Mode, pending.Attempt, pending.Host, ctx.Now, scheduleToStartEnds);
    }
}
