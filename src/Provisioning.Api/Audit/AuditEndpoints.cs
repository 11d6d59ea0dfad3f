namespace Provisioning.Api.Audit;

/// <summary>The audit read side: search, export, timelines, host history, inventory.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app) => app;
}
