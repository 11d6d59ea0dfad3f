namespace Provisioning.Engine.Audit;

/// <summary>What an audit search or export keeps; null means "any". Both time bounds are inclusive.</summary>
public sealed record AuditFilter(
    string? Actor = null,
    string? Ticket = null,
    string? Host = null,
    string? Workflow = null,
    string? Status = null,
    string? EventType = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Project = null);
