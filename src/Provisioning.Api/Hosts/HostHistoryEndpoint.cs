using Marten;
using Provisioning.Api.Access;
using Provisioning.Api.Audit;
using Provisioning.Api.Problems;
using Provisioning.Engine.Audit;
using Provisioning.Engine.Fleet;

namespace Provisioning.Api.Hosts;

/// <summary><c>GET /api/hosts/{name}/history</c>: what ran on a host, newest first, keyset paged.</summary>
public static class HostHistoryEndpoint
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    private static readonly string[] Known = ["page", "limit"];

    public static void MapHostHistory(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/hosts/{name}/history", Handle)
            .WithName("GetHostHistory")
            .WithSummary("What ran on a host: each step attempt and undo with its request, actor, ticket, outcome and times, newest first")
            .WithDescription("Paging: limit (1-200, default 50) and page = the nextPage token of the previous answer.")
            .Produces<HostHistoryPage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.ReadHosts);

    private static async Task<IResult> Handle(string name, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var key in http.Request.Query.Keys.Where(k => !Known.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            errors[key] = ["is not a known parameter; known: page, limit"];
        }
        var limit = AuditQuery.Limit(http.Request.Query, DefaultLimit, MaxLimit, errors);
        var after = AuditQuery.Page(http.Request.Query, errors);
        if (errors.Count > 0) return Problem.Invalid(errors, "Invalid host history query.");

        var page = await HostHistory.PageAsync(session, name, after, limit, ct);
        if (page.Items.Count == 0 && after is null && await session.LoadAsync<HostRecord>(HostRecord.IdOf(name), ct) is null)
        {
            return Problem.NotFound($"Nothing ever ran on {name} and no such host has announced itself.");
        }
        return Results.Ok(page);
    }
}
