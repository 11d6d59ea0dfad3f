namespace Provisioning.Engine.Audit.Timeline;

/// <summary>One attempt (one command) of a step or of its undo.</summary>
/// <param name="RetryAt">When the next attempt was scheduled for, if one was.</param>
public sealed record TimelineAttempt(
    int Attempt,
    Guid CommandId,
    string Host,
    DateTimeOffset DispatchedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? DurationSeconds,
    TimelineOutcome Outcome,
    string? Error,
    string? Actor,
    DateTimeOffset? RetryAt);
