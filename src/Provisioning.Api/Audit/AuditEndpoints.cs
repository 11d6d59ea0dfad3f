using Provisioning.Api.Access;

namespace Provisioning.Api.Audit;

/// <summary>The audit read side: search, export, timelines, inventory (host history lives with the hosts).</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", AuditSearchEndpoint.Handle)
            .WithName("SearchAudit")
            .WithSummary("Audit entries (one per event), newest first, filtered and keyset paged")
            .WithDescription("Filters: actor, ticket, host, workflow, status (the request's current status), eventType (e.g. step_failed), "
                + "from and to (ISO 8601, inclusive), project. Paging: limit (1-500, default 50) and page = the nextPage token of the previous answer.")
            .Produces<AuditPageView>().ProducesValidationProblem()
            .RequirePermission(Permission.ReadAudit);
        app.MapGet("/api/audit/export", AuditExportEndpoint.Handle)
            .WithName("ExportAudit")
            .WithSummary("The audit search as a streamed CSV (RFC 4180) or NDJSON download")
            .WithDescription("format=csv (default) or ndjson, and the filters of GET /api/audit. Rows are read and sent in batches, newest first.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: "application/x-ndjson")
            .ProducesValidationProblem()
            .RequirePermission(Permission.ReadAudit);
        app.MapGet("/api/requests/{id:guid}/timeline", TimelineEndpoint.Handle)
            .WithName("GetRequestTimeline")
            .WithSummary("Each step execution and compensation with start, end, duration, attempts, host and error, and who did what")
            .Produces<Engine.Audit.Timeline.RequestTimeline>().ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.ReadRequests);
        app.MapGet("/api/inventory/vms", InventoryEndpoint.Handle)
            .WithName("ListVms")
            .WithSummary("The VM inventory: which VMs exist where, from which request, in which state")
            .WithDescription("Filters: host, state (Requested, Defined, Running, RolledBack, RollbackFailed, Failed, Removed), project.")
            .Produces<IReadOnlyList<Engine.Inventory.VmRecord>>().ProducesValidationProblem()
            .RequirePermission(Permission.ReadInventory);
        return app;
    }
}
