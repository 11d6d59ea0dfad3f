using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Audit;

/// <summary>Writes one <see cref="AuditEntry"/> per event, in the transaction that appends the event (inline).</summary>
public sealed partial class AuditEntryProjection : EventProjection
{
    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        operations.Store(EntryOf(e));
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The entry for one event. Request-level facts come from the headers every write stamps (ticket, host,
    /// workflow, project), so no document has to be loaded; the submission carries them itself.
    /// </summary>
    public static AuditEntry EntryOf(IEvent e)
    {
        var submitted = e.Data as RequestSubmitted;
        return new AuditEntry
        {
            Id = e.Id,
            RequestId = e.StreamId,
            Version = e.Version,
            Timestamp = AuditTime.ToMicroseconds(e.Timestamp),
            EventType = e.EventTypeName,
            Actor = e.UserName ?? submitted?.Actor,
            Ticket = submitted is null ? Header(e, AuditHeaders.Ticket) : submitted.Ticket,
            Host = AuditSummary.HostOf(e.Data) ?? Header(e, AuditHeaders.Host),
            Workflow = submitted?.Workflow ?? Header(e, AuditHeaders.Workflow),
            Project = submitted is null ? Header(e, AuditHeaders.Project) : submitted.Project,
            Step = AuditSummary.StepOf(e.Data),
            Summary = AuditSummary.Of(e.Data),
        };
    }

    private static string? Header(IEvent e, string name) => e.GetHeader(name)?.ToString();
}
