using Marten;
using Microsoft.AspNetCore.Http.Features;
using Provisioning.Api.Problems;
using Provisioning.Engine.Audit;

namespace Provisioning.Api.Audit;

/// <summary>
/// <c>GET /api/audit/export</c>: the audit search as a download, streamed: rows are read in keyset batches and
/// each batch is written and flushed before the next is read, so the whole result is never in memory.
/// </summary>
public static class AuditExportEndpoint
{
    private static readonly string[] Extra = ["format"];

    public static IResult Handle(HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = AuditQuery.Filter(http.Request.Query, Extra, AuditSearchEndpoint.EventTypeNames(store), errors);
        var format = Format(http.Request.Query["format"].ToString(), errors);
        if (filter is null || errors.Count > 0) return Problem.Invalid(errors, "Invalid audit export.");

        var name = $"audit-{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.{AuditExport.Extension(format)}";
        return Results.Stream(async body =>
        {
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var ct = http.RequestAborted;
            await AuditExport.WriteAsync(new AuditReader(store).BatchesAsync(filter, AuditExport.BatchSize, ct), format, body, ct);
        }, AuditExport.ContentType(format), name);
    }

    private static AuditExportFormat Format(string text, Dictionary<string, string[]> errors)
    {
        switch (text)
        {
            case "" or "csv": return AuditExportFormat.Csv;
            case "ndjson": return AuditExportFormat.Ndjson;
            default:
                errors["format"] = ["must be csv or ndjson"];
                return AuditExportFormat.Csv;
        }
    }
}
