using Provisioning.Contracts;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Audit.Timeline;

/// <summary>
/// One step's execution, or one of its compensations (a retried rollback undoes a step again: a new
/// <paramref name="Round"/>), with all its attempts.
/// </summary>
/// <param name="Round">0 for the execution; 1, 2, ... for each rollback that undid the step.</param>
/// <param name="StartedAt">When the agent first began (its report), else when the first attempt was dispatched.</param>
/// <param name="FinishedAt">When the last attempt ended.</param>
/// <param name="Actor">Who drove the request when it was first dispatched (the submitter, or the operator who rolled back).</param>
public sealed record TimelineStep(
    string Step,
    StepMode Mode,
    int Round,
    string Host,
    int Attempts,
    DateTimeOffset DispatchedAt,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    double? DurationSeconds,
    TimelineOutcome Outcome,
    string? Error,
    string? Actor,
    IReadOnlyList<TimelineAttempt> AttemptLog);
