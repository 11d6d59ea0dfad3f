using Marten;
using Marten.Pagination;
using Provisioning.Api.Access;
using Provisioning.Api.Audit;
using Provisioning.Api.Problems;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Integrity;
using Provisioning.Engine.Requests;

namespace Provisioning.Api.Requests;

/// <summary>Reading requests: one, a page of summaries, and the raw event stream.</summary>
public static class ReadRequestEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static void MapReadRequests(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/requests/{id:guid}", GetOne)
            .RequirePermission(Permission.ReadRequests)
            .WithName("GetRequest").WithSummary("A request with its steps")
            .WithDescription("With asOf (ISO 8601), the request as it stood at that instant, rebuilt from its events; 404 before it existed.")
            .Produces<RequestView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        app.MapGet("/api/requests", List)
            .RequirePermission(Permission.ReadRequests)
            .WithName("ListRequests").WithSummary("A page of request summaries, newest first")
            .Produces<RequestPage>().ProducesValidationProblem();
        app.MapGet("/api/requests/{id:guid}/events", Events)
            .RequirePermission(Permission.ReadRequests)
            .WithName("GetRequestEvents").WithSummary("The request's event stream, in order")
            .Produces<IReadOnlyList<EventView>>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetOne(Guid id, string? asOf, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        DateTimeOffset? at = null;
        if (asOf is not null)
        {
            if (!AuditTimestamp.TryParse(asOf, out var parsed)) return Problem.Invalid(new Dictionary<string, string[]> { ["asOf"] = [AuditTimestamp.Expected] });
            at = parsed;
        }
        var view = await RequestViews.LoadAsync(session, id, at, ct);
        // Another project's request answers exactly as a missing one: its existence is not the caller's to know.
        if (view is null || !Caller.Of(http).CanSee(view.Project)) return Problem.NotFound($"No request {id}.");
        return Results.Ok(view);
    }

    private static async Task<IResult> List(HttpContext http, IQuerySession session, string? status, string? ticket, string? actor, string? workflow, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !Enum.TryParse<RequestStatus>(status, ignoreCase: false, out _))
        {
            errors["status"] = [$"must be one of {string.Join(", ", Enum.GetNames<RequestStatus>())}"];
        }
        if (page is < 1) errors["page"] = ["must be 1 or more"];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"must be from 1 to {MaxPageSize}"];
        if (errors.Count > 0) return Problem.Invalid(errors, "Invalid query.");

        IQueryable<RequestSummary> query = session.Query<RequestSummary>();
        if (Caller.Of(http).OnlyProject is { } project) query = query.Where(r => r.Project == project);
        if (status is not null) query = query.Where(r => r.Status == status);
        if (ticket is not null) query = query.Where(r => r.Ticket == ticket);
        if (actor is not null) query = query.Where(r => r.Actor == actor);
        if (workflow is not null) query = query.Where(r => r.Workflow == workflow);
        var result = await query.OrderByDescending(r => r.SubmittedAt).ToPagedListAsync(page ?? 1, pageSize ?? DefaultPageSize, ct);
        return Results.Ok(new RequestPage(result.PageNumber, result.PageSize, result.TotalItemCount, result.ToList()));
    }

    private static async Task<IResult> Events(Guid id, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var events = await StreamHistory.FetchIncludingArchivedAsync(session, id, ct: ct);
        if (events.Count == 0 || !Caller.Of(http).CanSee((events[0].Data as RequestSubmitted)?.Project)) return Problem.NotFound($"No request {id}.");
        return Results.Ok(events.Select(e => new EventView(e.Id, e.Sequence, e.Version, e.EventTypeName, e.Timestamp, e.UserName,
            e.CorrelationId, e.CausationId, e.Headers?.ToDictionary(h => h.Key, h => h.Value?.ToString()), e.Data)).ToList());
    }
}

/// <summary>A page of summaries.</summary>
public sealed record RequestPage(long Page, long PageSize, long Total, IReadOnlyList<RequestSummary> Items);

/// <summary>One event as the audit API shows it.</summary>
public sealed record EventView(
    Guid Id, long Sequence, long Version, string Type, DateTimeOffset Timestamp, string? Actor,
    string? CorrelationId, string? CausationId, IReadOnlyDictionary<string, string?>? Headers, object Data);
