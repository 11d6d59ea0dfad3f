namespace Provisioning.Engine.Audit.Timeline;

/// <summary>Something a person (or the engine on the request's behalf) did to the request, or how it ended.</summary>
/// <param name="What">submitted, cancel-requested, rollback-requested, rollback-retry-requested, rollback-started, succeeded, rolled-back, cancelled, rollback-failed, failed.</param>
public sealed record TimelineAction(DateTimeOffset At, string? Actor, string What, string? Detail);
