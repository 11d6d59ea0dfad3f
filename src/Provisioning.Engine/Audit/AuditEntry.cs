using Marten.Schema;

namespace Provisioning.Engine.Audit;

/// <summary>
/// One event of any request as the audit log lists it: who, what, where, for which ticket, with a one-line
/// summary. Kept inline with the event (same transaction), one document per event, so audit searches read
/// indexed columns instead of the events table.
/// </summary>
/// <remarks>
/// The global event sequence is not known yet when an inline projection runs (Marten's quick append draws it
/// inside PostgreSQL), so it is not stored here: readers join it from the events table by
/// (<see cref="RequestId"/>, <see cref="Version"/>), which is that table's primary key.
/// </remarks>
public sealed class AuditEntry
{
    /// <summary>The event's id.</summary>
    public Guid Id { get; set; }

    /// <summary>The request (stream) the event belongs to.</summary>
    public Guid RequestId { get; set; }

    /// <summary>The event's version in its stream (1 for the submission).</summary>
    public long Version { get; set; }

    /// <summary>When the event was recorded, to the microsecond (what PostgreSQL keeps).</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>Marten's name of the event type, as <c>GET /api/requests/{id}/events</c> shows it (<c>step_succeeded</c>).</summary>
    public string EventType { get; set; } = "";

    /// <summary>Who caused it (the event's user name).</summary>
    public string? Actor { get; set; }

    public string? Ticket { get; set; }

    /// <summary>The host the event concerns: the step's host for step events, else the request's.</summary>
    public string? Host { get; set; }

    public string? Workflow { get; set; }

    public string? Project { get; set; }

    /// <summary>The step a step event is about; null for request-level events.</summary>
    public string? Step { get; set; }

    /// <summary>A short human sentence (<c>define-domain succeeded on kvm-01 (attempt 1)</c>).</summary>
    public string Summary { get; set; } = "";

    /// <summary>Marten calls this when it maps the document (its <c>ConfigureMarten</c> convention).</summary>
    public static void ConfigureMarten(DocumentMapping<AuditEntry> mapping) => AuditStore.Map(mapping);
}
