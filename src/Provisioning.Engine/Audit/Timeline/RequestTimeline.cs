using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Audit.Timeline;

/// <summary>
/// A request's story: every step execution and compensation with its attempts, and who did what (the
/// submitter, whoever cancelled or rolled back, and the outcome).
/// </summary>
public sealed record RequestTimeline(
    Guid RequestId,
    string Workflow,
    string Host,
    string? Ticket,
    string? Project,
    RequestStatus Status,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? FinishedAt,
    double? DurationSeconds,
    IReadOnlyList<TimelineStep> Steps,
    IReadOnlyList<TimelineAction> Actions);
