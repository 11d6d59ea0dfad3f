namespace Provisioning.Domain.Pools;

/// <summary>What an admin's change to a pool comes to: the event to record, or why not.</summary>
/// <param name="Event">The event to append; null when refused.</param>
/// <param name="Refusal">Why the change makes no sense now (a 409); null when it is recorded or the pool is missing.</param>
/// <param name="Missing">There is no such pool (a 404).</param>
public sealed record PoolDecision(object? Event, string? Refusal = null, bool Missing = false);
