using System.Text.Json;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Requests;

// What can happen to a request: the triggers the decider turns into events.

/// <summary>A trigger for the decider.</summary>
public abstract record RequestCommand;

/// <summary>
/// Start a new request, as its submitter asked for it. With <c>Parts</c> it is a parent that starts one child request
/// per part (host); with <c>ParentId</c> it is such a child. What the engine finds out about the fleet before deciding
/// (a host for a VM that named none, the presence of a named host's agent) is not part of the command: it is handed
/// to the decider beside it (<see cref="SubmissionFacts"/>).
/// </summary>
public sealed record SubmitRequest(
    Guid RequestId,
    WorkflowDefinition Definition,
    IReadOnlyDictionary<string, string> Parameters,
    string Host,
    string? Ticket,
    string Actor,
    string Source,
    string? IdempotencyKey,
    string? Project = null,
    IReadOnlyList<ChildPart>? Parts = null,
    Guid? ParentId = null) : RequestCommand;

/// <summary>An agent said it began a command.</summary>
public sealed record RecordStepStarted(Guid CommandId, DateTimeOffset StartedAt) : RequestCommand;

/// <summary>An agent answered a command.</summary>
/// <param name="Outputs">What the step reported (its outputs record as JSON), or null.</param>
/// <param name="Created">What the agent says an execution made, in words; null when it did not say.</param>
/// <param name="NotRun">The agent refused the command before running anything (see <see cref="StepNotRun"/>).</param>
public sealed record RecordStepResult(
    Guid CommandId,
    string Step,
    StepMode Mode,
    int Attempt,
    string Host,
    bool Succeeded,
    bool Transient,
    string? Error,
    JsonElement? Outputs,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<string>? Created = null,
    bool NotRun = false) : RequestCommand;

/// <summary>A stored deadline (a step's timeout or a retry's backoff) has passed.</summary>
/// <param name="ScheduleToStart">
/// The schedule-to-start timeout that applies (Temporal's name): how long past its dispatch a command not started yet
/// may still wait in its host's queue. The engine's <c>Engine:ScheduleToStartTimeout</c> when the host's agent answers
/// heartbeats, zero when it does not (then a passed start-to-close deadline times the step out at once).
/// </param>
public sealed record FireDeadline(Guid DeadlineId, TimeSpan ScheduleToStart = default) : RequestCommand;

/// <summary>A slot on the request's host is free for the command it waits to send (per-host admission).</summary>
public sealed record GrantSlot : RequestCommand;

/// <summary>Stop after the current step and undo.</summary>
public sealed record CancelRequest(string Actor, string? Reason) : RequestCommand;

/// <summary>Undo a succeeded request.</summary>
public sealed record RollbackRequest(string Actor, string? Reason) : RequestCommand;

/// <summary>Try the failed compensations of a request again.</summary>
public sealed record RetryRollback(string Actor) : RequestCommand;

/// <summary>Archive a finished request: kept whole and readable, closed to further events.</summary>
public sealed record ArchiveRequest(string Actor) : RequestCommand;
