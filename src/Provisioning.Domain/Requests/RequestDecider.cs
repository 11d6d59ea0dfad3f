using Provisioning.Contracts;
using Provisioning.Domain.Steps;

namespace Provisioning.Domain.Requests;

/// <summary>
/// The saga's decisions: a pure function of the current state, a trigger and a context.
/// No I/O and no clock reads, so every transition is unit-tested.
/// </summary>
public static partial class RequestDecider
{
    /// <summary>
    /// Decides what a trigger means for a request. A submission decided here has no facts about the fleet to go by
    /// (<see cref="SubmissionFacts.None"/>): the engine submits through <see cref="Submit"/>.
    /// </summary>
    public static Decision Decide(RequestState? state, RequestCommand command, DecisionContext ctx) =>
        (state, command) is (null, SubmitRequest submit)
            ? Submit(submit, SubmissionFacts.None, ctx)
            : RequestEnd.Conclude(state, DecideOne(state, command, ctx), ctx);

    private static Decision DecideOne(RequestState? state, RequestCommand command, DecisionContext ctx) => (state, command) switch
    {
        (_, SubmitRequest) => Decision.None, // the same request again: already started
        (null, _) => Decision.Reject("unknown request"),
        (_, RecordStepStarted started) => Started(state, started, ctx),
        (_, RecordStepResult result) => Result(state, result, ctx),
        (_, FireDeadline deadline) => Deadline(state, deadline, ctx),
        (_, CancelRequest cancel) => Cancel(state, cancel, ctx),
        (_, RollbackRequest rollback) => Rollback(state, rollback, ctx),
        (_, RetryRollback retry) => RetryFailedRollback(state, retry, ctx),
        (_, ArchiveRequest archive) => Archiving.Decide(state, archive, ctx),
        (_, GrantSlot) => Granted(state, ctx),
        _ => Decision.Reject($"unsupported command {command.GetType().Name}"),
    };

    /// <summary>
    /// A slot on the host came free for the command this request waits to send: it goes out now, unless the slot was
    /// taken meanwhile (then it waits on, and nothing is recorded twice).
    /// </summary>
    private static Decision Granted(RequestState state, DecisionContext ctx)
    {
        if (state is not { IsTerminal: false, AwaitingSlot: { } waiting }) return Decision.None;
        var next = Dispatch(state, waiting.Step, waiting.Mode, waiting.Attempt, ctx);
        return next is StepDispatched ? new Decision([next]) : Decision.None;
    }

    private static Decision Started(RequestState state, RecordStepStarted c, DecisionContext ctx)
    {
        if (state.Pending is not { } pending || pending.CommandId != c.CommandId || pending.StartedAt is not null) return Decision.None;
        return new Decision([new StepStartedOnHost(c.CommandId, pending.Step, pending.Mode, pending.Attempt, pending.Host, c.StartedAt,
            DeadlineFromStart(pending, c.StartedAt, ctx))]);
    }

    /// <summary>
    /// The step's start-to-close timeout bounds its run, not its wait in a busy host's queue: counted from the start (on the agent's
    /// clock, but never later than now, so a clock ahead cannot stretch it), and never earlier than the deadline it
    /// was dispatched with. States from older streams know no timeout and keep the deadline they have.
    /// </summary>
    private static DateTimeOffset DeadlineFromStart(PendingCommand pending, DateTimeOffset startedAt, DecisionContext ctx)
    {
        if (pending.TimeoutSeconds <= 0) return pending.DeadlineAt;
        var from = startedAt > ctx.Now ? ctx.Now : startedAt;
        if (from < pending.DispatchedAt) from = pending.DispatchedAt;
        return from.AddSeconds(pending.TimeoutSeconds);
    }

    private static Decision Result(RequestState state, RecordStepResult r, DecisionContext ctx)
    {
        // A duplicate, and anything but the awaited command's first answer, moves nothing on.
        if (state.IsTerminal || state.Pending is not { } pending || pending.CommandId != r.CommandId) return LateResult(state, r, ctx);
        // What the command was is the saga's own record, not what the message claims.
        r = r with { Step = pending.Step, Mode = pending.Mode, Attempt = pending.Attempt, Host = pending.Host };
        if (r.Mode == StepMode.Compensate)
        {
            // An undo refused unrun did nothing yet: tried again like any transient failure of an undo.
            return CompensationResult(state, r.NotRun ? r with { Transient = true, Error = $"not run on {r.Host}: {r.Error}" } : r, ctx);
        }
        return r.NotRun ? ExecutionNotRun(state, r, ctx) : ExecutionResult(state, r, ctx);
    }

    /// <summary>
    /// The answer to a command the saga stopped waiting for (it timed out) is what really happened on the host: recorded
    /// once, never dropped. The saga does not move for it: an execution's undo is on its way or done, and the agent runs
    /// that undo after the execution, with what it made. Duplicates and answers to commands that never timed out change nothing.
    /// </summary>
    private static Decision LateResult(RequestState state, RecordStepResult r, DecisionContext ctx)
    {
        if (state.Archived || !state.TimedOutCommands.Contains(r.CommandId)) return Decision.None;
        var outcome = r.NotRun ? LateOutcome.NotRun : r.Succeeded ? LateOutcome.Succeeded : LateOutcome.Failed;
        return new Decision([new LateStepResult(r.CommandId, r.Step, r.Mode, r.Attempt, r.Host, outcome, r.Succeeded ? null : r.Error ?? "failed",
            r.Succeeded ? r.Created : null, r.Succeeded ? r.Outputs : null, r.FinishedAt, ctx.Now)]);
    }

    /// <summary>
    /// A command for one step: its arguments taken from the request's parameters by the step's definition (a step the
    /// catalog does not know, which the workflow loader never lets through, gets the parameters as they are), and for
    /// an undo the outputs its execution reported.
    /// </summary>
    private static object Dispatch(RequestState state, string step, StepMode mode, int attempt, DecisionContext ctx)
    {
        // Per-host admission: past the host's slots the command is not sent; it waits in the engine, with no deadline.
        if (!ctx.Slots.Admits(mode)) return new StepAwaitingSlot(step, mode, attempt, state.Host, ctx.Now);
        var plan = state.PlanOf(step);
        var arguments = StepCatalog.Find(step)?.ArgumentsFor(state.Parameters) ?? StepJson.Write(state.Parameters);
        var outputs = mode == StepMode.Compensate ? state.StepOf(step).Outputs : null;
        // The not-after is the step's own deadline: a silent host's command is given up on then, so an agent that comes
        // back later must not start it (a step with no undo would not even be superseded). Under admission a command
        // goes out only when its host has a slot for it, so it is started at once, well before.
        var startBy = ctx.Now.AddSeconds(plan.TimeoutSeconds);
        var supersedes = mode == StepMode.Compensate ? state.StepOf(step).LastExecution : null;
        return new StepDispatched(ctx.NewId(), step, mode, attempt, state.Host, state.Workflow, arguments, outputs,
            state.DrivingActor, state.Ticket, plan.TimeoutSeconds, ctx.Now, ctx.Now.AddSeconds(plan.TimeoutSeconds), state.Subject, startBy, supersedes);
    }

    private static RequestState Apply(RequestState state, IEnumerable<object> events) =>
        events.Aggregate(state, (s, e) => s.Evolve(e));
}
