namespace Provisioning.Engine.Audit;

/// <summary>A page of audit entries, newest first.</summary>
/// <param name="NextPage">The token for the next page; null when this is the last.</param>
public sealed record AuditPage(IReadOnlyList<AuditRow> Items, string? NextPage);
