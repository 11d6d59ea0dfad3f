namespace Provisioning.Engine.Audit;

/// <summary>
/// The event headers every request write stamps (see <c>RequestStore</c>), so that the audit projections know
/// a request's ticket, host, workflow and project from any event without loading anything.
/// </summary>
public static class AuditHeaders
{
    public const string Ticket = "ticket";
    public const string Source = "source";
    public const string Host = "host";
    public const string Workflow = "workflow";
    public const string Project = "project";
}
