using System.Text.Json;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Requests;

// The events of one request's stream: past tense, positional, no behaviour (the events that end a request say which
// status they end it in: IRequestEnded). Times are decided by the caller and stored in the data, so folding is pure.

/// <summary>A request was accepted; the plan it will run is frozen here.</summary>
/// <param name="ParameterSet">
/// The workflow's parameter set: what the request is about (a VM, a host, a switch), and so what its end means (a host
/// onboarded, a VM removed). Null in streams written before it was recorded: the engine reads those by the workflow's
/// definition.
/// </param>
public sealed record RequestSubmitted(
    Guid RequestId,
    string Workflow,
    int WorkflowVersion,
    IReadOnlyList<StepPlan> Plan,
    IReadOnlyDictionary<string, string> Parameters,
    string Host,
    string? Ticket,
    string Actor,
    string Source,
    string? IdempotencyKey,
    DateTimeOffset SubmittedAt,
    string? Project = null,
    Guid? ParentId = null,
    string? ParameterSet = null);

/// <summary>A command for an agent was issued. The outbox forwards it; its event id is the command id.</summary>
/// <param name="Arguments">
/// The step's typed arguments (its definition's record, as JSON), taken from the request's parameters. Null in streams
/// written before steps were typed (they carry <see cref="Parameters"/> instead): nullable, so such an event still
/// serialises as it reads (the events API, the audit).
/// </param>
/// <param name="Outputs">For an undo: what the execution reported it made (so only that is undone); null for an execution.</param>
/// <param name="Subject">What the request is about (<see cref="RequestState.Subject"/>), for the agent's logs and fault rules.</param>
/// <param name="StartBy">
/// The command's not-after (<see cref="ExecuteStep.StartBy"/>): the agent refuses it unrun when it has not started by
/// then: the dispatch plus its step's timeout, when the engine gives up on a silent host's command. Null in older streams.
/// </param>
/// <param name="Supersedes">For an undo: the command of the execution it takes back (null for an execution and in older streams).</param>
public sealed record StepDispatched(
    Guid CommandId,
    string Step,
    StepMode Mode,
    int Attempt,
    string Host,
    string Workflow,
    JsonElement? Arguments,
    JsonElement? Outputs,
    string Actor,
    string? Ticket,
    int TimeoutSeconds,
    DateTimeOffset DispatchedAt,
    DateTimeOffset DeadlineAt,
    string? Subject = null,
    DateTimeOffset? StartBy = null,
    Guid? Supersedes = null)
{
    /// <summary>
    /// In streams written before steps were typed: the request's parameters, which every command carried instead of
    /// <see cref="Arguments"/> (then null). Read, never written.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}

/// <summary>
/// The agent reported that it began the command. <paramref name="DeadlineAt"/> is the attempt's deadline from now on:
/// its start-to-close timeout counted from this start, never earlier than the deadline it was dispatched with (null in streams
/// written before deadlines followed the start).
/// </summary>
public sealed record StepStartedOnHost(Guid CommandId, string Step, StepMode Mode, int Attempt, string Host, DateTimeOffset StartedAt, DateTimeOffset? DeadlineAt = null);

/// <summary>
/// The attempt's start-to-close deadline passed while its command had not started yet, in the queue of a host whose
/// agent answers (a backlog, not a lost command). The saga waits on until <paramref name="DeadlineAt"/>, the end of
/// its schedule-to-start timeout; a start reported before then sets the deadline from that start. Stored as
/// <c>step_still_queued</c> (StepStillQueued) before the timeouts took Temporal's names: those read as this.
/// </summary>
public sealed record StepAwaitingStart(Guid CommandId, string Step, StepMode Mode, int Attempt, string Host, DateTimeOffset At, DateTimeOffset DeadlineAt);

/// <summary>
/// The command for this step (or its undo) was not sent: its host has as many commands outstanding as it may
/// (per-host admission). It waits in the engine, with no deadline running, until a result from the host frees a slot
/// and it is its turn (an undo before new work, then the oldest request).
/// </summary>
public sealed record StepAwaitingSlot(string Step, StepMode Mode, int Attempt, string Host, DateTimeOffset At);

/// <summary>A step's effect is in place.</summary>
/// <param name="Outputs">What the step reports (its definition's outputs record, as JSON; a map of strings in older streams).</param>
/// <param name="Created">What the agent says the step made, in words (null in older streams, and when it made nothing it could say).</param>
public sealed record StepSucceeded(
    Guid CommandId, string Step, int Attempt, string Host,
    JsonElement? Outputs, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyList<string>? Created = null);

/// <summary>One attempt of a step failed (it may be retried).</summary>
public sealed record StepFailed(
    Guid CommandId, string Step, int Attempt, string Host, string Error, bool Transient,
    JsonElement? Outputs, DateTimeOffset FinishedAt);

/// <summary>
/// The agent refused the attempt before running anything (it came past its not-after, or its undo came first): nothing
/// happened on the host. A first attempt refused so has nothing to undo.
/// </summary>
public sealed record StepNotRun(Guid CommandId, string Step, StepMode Mode, int Attempt, string Host, string Reason, DateTimeOffset At);

/// <summary>
/// An agent answered a command after the saga had stopped waiting for it (it timed out, or its undo was sent): what
/// the host really did, kept for the audit instead of dropped. An undo sent for a timed-out execution runs after it on
/// the agent and is given what it made (the agent's ledger), so a late success is taken back by that undo.
/// </summary>
/// <param name="Outcome">What the agent said: succeeded, failed or not run.</param>
/// <param name="Created">What a late success made, in the agent's words.</param>
/// <param name="Outputs">What a late success reported (its undo, if still to come, is given it).</param>
public sealed record LateStepResult(
    Guid CommandId, string Step, StepMode Mode, int Attempt, string Host, LateOutcome Outcome, string? Error,
    IReadOnlyList<string>? Created, JsonElement? Outputs, DateTimeOffset FinishedAt, DateTimeOffset At);

/// <summary>What a late answer said.</summary>
public enum LateOutcome
{
    Succeeded,
    Failed,
    NotRun,
}

/// <summary>No answer came before the attempt's deadline; the step may or may not have happened.</summary>
public sealed record StepTimedOut(Guid CommandId, string Step, StepMode Mode, int Attempt, string Host, DateTimeOffset At);

/// <summary>Another attempt will be dispatched when <paramref name="DueAt"/> passes.</summary>
public sealed record StepRetryScheduled(Guid TimerId, string Step, StepMode Mode, int NextAttempt, DateTimeOffset DueAt, string Reason);

/// <summary>The request is being undone, newest step first.</summary>
public sealed record CompensationStarted(string Reason, IReadOnlyList<string> StepsToCompensate, string Actor, DateTimeOffset At);

/// <summary>A step's undo is done.</summary>
/// <param name="Outputs">What the undo reports (an <see cref="Steps.UndoReport"/> as JSON; a map of strings in older streams).</param>
public sealed record StepCompensated(Guid CommandId, string Step, int Attempt, string Host, JsonElement? Outputs, DateTimeOffset FinishedAt);

/// <summary>One attempt of a step's undo failed.</summary>
public sealed record CompensationAttemptFailed(Guid CommandId, string Step, int Attempt, string Host, string Error, bool Transient, DateTimeOffset FinishedAt);

/// <summary>A step's undo failed for good; what it should have removed is left on the host.</summary>
public sealed record CompensationFailed(string Step, string Host, string Error, IReadOnlyList<string> Leftovers, DateTimeOffset At);

/// <summary>Every step ran.</summary>
/// <param name="FinishedOnHostAt">
/// When its last step finished, on the host's clock (as its heartbeats are): a report of the host taken after this
/// shows what the request made. Null when no step ran, for a parent, and in older streams.
/// </param>
/// <param name="Guest">A VM whose OS came up: its name, addresses and when it was ready; null for everything else.</param>
public sealed record RequestSucceeded(DateTimeOffset At, DateTimeOffset? FinishedOnHostAt = null, GuestUp? Guest = null) : IRequestEnded
{
    RequestStatus IRequestEnded.Status => RequestStatus.Succeeded;
}

/// <summary>Every step that ran was undone.</summary>
public sealed record RequestRolledBack(string Reason, DateTimeOffset At) : IRequestEnded
{
    RequestStatus IRequestEnded.Status => RequestStatus.RolledBack;
}

/// <summary>A cancelled request was stopped and undone.</summary>
public sealed record RequestCancelled(string Actor, DateTimeOffset At) : IRequestEnded
{
    RequestStatus IRequestEnded.Status => RequestStatus.Cancelled;
}

/// <summary>Undoing did not complete; <paramref name="Leftovers"/> lists what remains and where.</summary>
public sealed record RollbackFailed(IReadOnlyList<string> Leftovers, DateTimeOffset At) : IRequestEnded
{
    RequestStatus IRequestEnded.Status => RequestStatus.RollbackFailed;
}

/// <summary>The request failed before anything ran on a host (nothing to undo).</summary>
public sealed record RequestFailed(string Reason, DateTimeOffset At) : IRequestEnded
{
    RequestStatus IRequestEnded.Status => RequestStatus.Failed;
}

/// <summary>Someone asked to stop the request after its current step and undo it.</summary>
public sealed record CancelRequested(string Actor, string? Reason, DateTimeOffset At);

/// <summary>Someone asked to undo a request that succeeded.</summary>
public sealed record RollbackRequested(string Actor, string? Reason, DateTimeOffset At);

/// <summary>Someone asked to try a failed rollback again.</summary>
public sealed record RollbackRetryRequested(string Actor, DateTimeOffset At);

/// <summary>A finished request was archived (kept and readable, closed to further events).</summary>
public sealed record RequestArchived(string Actor, DateTimeOffset At);
