namespace Provisioning.Engine.Integrity;

/// <summary>The first broken link of a stream.</summary>
/// <param name="StreamId">The stream (request id).</param>
/// <param name="Version">The version at which the chain breaks (for a missing tail: the first missing version).</param>
/// <param name="Sequence">The event's global sequence number (null for a missing tail: there is no event).</param>
/// <param name="EventId">The event's id (null for a missing tail).</param>
/// <param name="EventType">The event's type (null for a missing tail).</param>
/// <param name="Reason">Why the link is broken.</param>
/// <param name="Detail">The same, in a sentence.</param>
public sealed record BrokenLink(Guid StreamId, long Version, long? Sequence, Guid? EventId, string? EventType, BreakReason Reason, string Detail);
