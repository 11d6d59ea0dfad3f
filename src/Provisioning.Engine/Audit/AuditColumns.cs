namespace Provisioning.Engine.Audit;

/// <summary>The columns of the audit entry table (duplicated from the documents, see <see cref="AuditStore.Map(Marten.Schema.DocumentMapping{AuditEntry})"/>).</summary>
public static class AuditColumns
{
    public const string RequestId = "request_id";
    public const string Version = "version";
    public const string Timestamp = "occurred_at";
    public const string EventType = "event_type";
    public const string Actor = "actor";
    public const string Ticket = "ticket";
    public const string Host = "host";
    public const string Workflow = "workflow";
    public const string Project = "project";
    public const string Step = "step";
    public const string Summary = "summary";

    /// <summary>The columns that each get a (column, timestamp, request id, version) index.</summary>
    public static readonly IReadOnlyList<string> Filters = [RequestId, EventType, Actor, Ticket, Host, Workflow, Project];
}
