namespace Provisioning.Benchmarks.Audit;

// A synthetic request and its events: a family of two records.

/// <summary>One event of a synthetic request, with the metadata the engine would stamp on it.</summary>
public sealed record SeedEvent(object Data, DateTimeOffset At, string Actor, string Source);

/// <summary>A synthetic request: its facts and its events.</summary>
public sealed record SeedRequest(Guid Id, string Host, string? Ticket, string Actor, string Project, IReadOnlyList<SeedEvent> Events);
