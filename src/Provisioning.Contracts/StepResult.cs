using System.Text.Json;

namespace Provisioning.Contracts;

/// <summary>
/// An agent's answer to one <see cref="ExecuteStep"/>. Sent to the engine's queue.
/// The engine appends it idempotently: a duplicate or a result for a stale command changes nothing.
/// </summary>
/// <param name="CommandId">The command this answers.</param>
/// <param name="RequestId">The request it belongs to.</param>
/// <param name="Step">Step name.</param>
/// <param name="Mode">Execute or compensate.</param>
/// <param name="Attempt">Attempt number of the command.</param>
/// <param name="Host">Agent host that ran it.</param>
/// <param name="Succeeded">True when the step's effect is in place (or, for compensation, removed).</param>
/// <param name="ErrorKind">When failed: transient or permanent.</param>
/// <param name="Error">When failed: a human-readable reason.</param>
/// <param name="Outputs">Facts the step reports (its definition's outputs record as JSON: what it created, versions, capacity...); null when it failed.</param>
/// <param name="StartedAt">When the agent began.</param>
/// <param name="FinishedAt">When the agent finished.</param>
/// <param name="Created">For an execution that succeeded: what it made on the host, in words an operator can act on (what would be left should its undo fail).</param>
/// <param name="NotRun">
/// The agent refused the command before running anything (expired past its <see cref="ExecuteStep.StartBy"/>, or
/// superseded by its undo): nothing happened on the host, so there is nothing to undo. Then failed and transient.
/// </param>
public sealed record StepResult(
    Guid CommandId,
    Guid RequestId,
    string Step,
    StepMode Mode,
    int Attempt,
    string Host,
    bool Succeeded,
    StepErrorKind? ErrorKind,
    string? Error,
    JsonElement? Outputs,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<string>? Created = null,
    bool NotRun = false);
