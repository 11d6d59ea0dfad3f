using System.Text.Json;
using Provisioning.Contracts;
using Provisioning.Domain.Placement;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Requests;

// What can happen to a request: the triggers the decider turns into events.

/// <summary>A trigger for the decider.</summary>
public abstract record RequestCommand;

/// <summary>
/// Start a new request. With <c>Parts</c> it is a parent that starts one child request per part (host); with
/// <c>ParentId</c> it is such a child.
/// </summary>
/// <param name="Placement">The engine's choice of host for a request that named none (see <c>Placement.Placer</c>).</param>
/// <param name="Refusal">Why the engine refuses the request before it starts (recorded, then failed at once).</param>
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
    Guid? ParentId = null,
    PlacementDecision? Placement = null,
    string? Refusal = null) : RequestCommand;

/// <summary>An agent said it began a command.</summary>
public sealed record RecordStepStarted(Guid CommandId, DateTimeOffset StartedAt) : RequestCommand;

/// <summary>An agent answered a command.</summary>
/// <param name="Outputs">What the step reported (its outputs record as JSON), or null.</param>
/// <param name="Created">What the agent says an execution made, in words; null when it did not say.</param>
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
    IReadOnlyList<string>? Created = null) : RequestCommand;

/// <summary>A stored deadline (step timeout or retry backoff) has passed.</summary>
/// <param name="QueueAllowance">
/// How long past its dispatch an unstarted command may still wait in its host's queue: the engine's allowance when the
/// host's agent is answering heartbeats, zero when it is not (then a passed deadline times the step out at once).
/// </param>
public sealed record FireDeadline(Guid DeadlineId, TimeSpan QueueAllowance = default) : RequestCommand;

/// <summary>Stop after the current step and undo.</summary>
public sealed record CancelRequest(string Actor, string? Reason) : RequestCommand;

/// <summary>Undo a succeeded request.</summary>
public sealed record RollbackRequest(string Actor, string? Reason) : RequestCommand;

/// <summary>Try the failed compensations of a request again.</summary>
public sealed record RetryRollback(string Actor) : RequestCommand;
