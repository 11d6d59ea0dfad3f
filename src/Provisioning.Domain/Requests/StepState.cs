using System.Text.Json;
using Provisioning.Contracts;

namespace Provisioning.Domain.Requests;

/// <summary>One step of a request as the events tell it.</summary>
/// <param name="Outputs">What the step's latest execution reported, or null.</param>
/// <param name="Created">What the agent said that execution made, in words (null: it did not say; see <see cref="Steps.StepDefinition.Leftovers"/>).</param>
/// <param name="LastExecution">The command of its latest execution attempt: an undo names it as the one it supersedes.</param>
public sealed record StepState(
    string Name,
    StepStatus Status,
    string? Host,
    int Attempts,
    int CompensationAttempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    JsonElement? Outputs,
    IReadOnlyList<string>? Created = null,
    Guid? LastExecution = null)
{
    /// <summary>A step that has not run.</summary>
    public static StepState NotStarted(string name) =>
        new(name, StepStatus.Pending, null, 0, 0, null, null, null, null);
}

/// <summary>
/// The one command the saga waits on. <paramref name="DispatchedAt"/> and <paramref name="TimeoutSeconds"/> (the step's
/// start-to-close timeout) let a deadline be counted again from the agent's start (both default in states folded from older streams, where the
/// deadline then stays as dispatched).
/// </summary>
public sealed record PendingCommand(
    Guid CommandId, string Step, StepMode Mode, int Attempt, string Host, DateTimeOffset DeadlineAt, DateTimeOffset? StartedAt = null,
    DateTimeOffset DispatchedAt = default, int TimeoutSeconds = 0);

/// <summary>A command waiting for a slot on its host (<see cref="StepAwaitingSlot"/>).</summary>
public sealed record PendingSlot(string Step, StepMode Mode, int Attempt, string Host, DateTimeOffset Since);

/// <summary>A retry waiting for its time.</summary>
public sealed record PendingTimer(Guid TimerId, string Step, StepMode Mode, int NextAttempt, DateTimeOffset DueAt);
