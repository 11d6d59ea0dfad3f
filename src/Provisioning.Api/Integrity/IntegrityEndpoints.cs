using Marten;
using Provisioning.Api.Access;
using Provisioning.Api.Problems;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Integrity;
using Provisioning.Engine.Requests;

namespace Provisioning.Api.Integrity;

/// <summary>Tamper evidence (hash-chain verification) and archiving.</summary>
public static class IntegrityEndpoints
{
    public static IEndpointRouteBuilder MapIntegrity(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/verify", Verify)
            .WithName("VerifyAudit")
            .WithSummary("Recomputes the hash chain of the whole store, or of one stream (?stream=<id>), archived streams included")
            .Produces<ChainReport>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.ReadAudit);
        app.MapPost("/api/requests/{id:guid}/archive", Archive)
            .WithName("ArchiveRequest")
            .WithSummary("Archives a finished request: kept and readable, closed to further events")
            .Produces<ArchivedResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequirePermission(Permission.ActOnRequests);
        return app;
    }

    private static async Task<IResult> Verify(string? stream, string? max, IDocumentStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        Guid? id = null;
        if (stream is not null)
        {
            if (Guid.TryParse(stream, out var parsed)) id = parsed;
            else errors["stream"] = ["must be a request id (a GUID)"];
        }
        var limit = ChainVerifier.DefaultMaxBroken;
        if (max is not null && (!int.TryParse(max, out limit) || limit is < 1 or > ChainVerifier.MaxBrokenLimit))
        {
            errors["max"] = [$"must be a whole number from 1 to {ChainVerifier.MaxBrokenLimit}"];
        }
        if (errors.Count > 0) return Problem.Invalid(errors, "Invalid query.");

        var report = await new ChainVerifier(store).VerifyAsync(id, limit, ct);
        return report is null ? Problem.NotFound($"No stream {id}.") : Results.Ok(report);
    }

    private static async Task<IResult> Archive(Guid id, HttpContext http, IQuerySession query, RequestStore requests, CancellationToken ct)
    {
        var caller = Caller.Of(http);
        // Another project's request answers exactly as a missing one.
        if (await query.LoadAsync<RequestSummary>(id, ct) is not { } summary || !caller.CanSee(summary.Project)) return Problem.NotFound($"No request {id}.");
        var outcome = await requests.DecideAsync(id, new ArchiveRequest(caller.Subject), new Causation(caller.Subject, http.TraceIdentifier, "api"), ct);
        if (outcome.State is null) return Problem.NotFound($"No request {id}.");
        if (outcome.Decision.Rejection is { } why) return Problem.Conflict(why);
        var archived = outcome.Decision.Events.OfType<RequestArchived>().Single();
        return Results.Ok(new ArchivedResponse(id, true, archived.Actor, archived.At));
    }
}
