using Provisioning.Engine.Audit;

namespace Provisioning.Api.Audit;

/// <summary>A page of audit entries as <c>GET /api/audit</c> answers.</summary>
/// <param name="NextPage">Pass as <c>page</c> for the next page; null on the last one.</param>
public sealed record AuditPageView(IReadOnlyList<AuditRow> Items, string? NextPage);
