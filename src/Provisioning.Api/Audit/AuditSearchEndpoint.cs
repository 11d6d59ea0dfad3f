using Marten;
using Provisioning.Api.Problems;
using Provisioning.Engine.Audit;

namespace Provisioning.Api.Audit;

/// <summary><c>GET /api/audit</c>: a page of audit entries.</summary>
public static class AuditSearchEndpoint
{
    private static readonly string[] Paging = ["page", "limit"];

    public static async Task<IResult> Handle(HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = AuditQuery.Filter(http.Request.Query, Paging, EventTypeNames(store), errors);
        var limit = AuditQuery.Limit(http.Request.Query, AuditQuery.DefaultLimit, AuditQuery.MaxLimit, errors);
        var after = AuditQuery.Page(http.Request.Query, errors);
        if (filter is null || errors.Count > 0) return Problem.Invalid(errors, "Invalid audit query.");

        var page = await new AuditReader(store).PageAsync(filter, after, limit, ct);
        return Results.Ok(new AuditPageView(page.Items, page.NextPage));
    }

    /// <summary>The names <c>eventType</c> may take: Marten's names of the event types the store knows.</summary>
    public static IReadOnlyCollection<string> EventTypeNames(IDocumentStore store) =>
        store.Options.Events.AllKnownEventTypes().Select(t => t.EventTypeName).ToHashSet(StringComparer.Ordinal);
}
