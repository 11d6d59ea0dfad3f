using System.Text.Json.Serialization;

namespace Provisioning.Engine.Audit;

/// <summary>One audit entry as searches and exports return it, with the event's global sequence.</summary>
/// <param name="Sequence">The event's position in the whole store; null if the event row could not be matched.</param>
public sealed record AuditRow(
    long? Sequence,
    Guid EventId,
    Guid RequestId,
    long Version,
    DateTimeOffset Timestamp,
    string EventType,
    string? Actor,
    string? Ticket,
    string? Host,
    string? Workflow,
    string? Project,
    string? Step,
    string Summary)
{
    /// <summary>The cursor that continues after this row.</summary>
    [JsonIgnore]
    public KeysetCursor Cursor => new(Timestamp, RequestId, Version);
}
