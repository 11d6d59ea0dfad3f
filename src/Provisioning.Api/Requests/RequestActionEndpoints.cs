using Provisioning.Api.Access;
using Provisioning.Api.Problems;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Outbox;
using Provisioning.Engine.Requests;

namespace Provisioning.Api.Requests;

/// <summary>Operator actions on a request: cancel, rollback, retry-rollback.</summary>
public static class RequestActionEndpoints
{
    public static void MapRequestActions(this IEndpointRouteBuilder app)
    {
        Map(app, "cancel", "Stop after the current step and undo what ran", actor => new CancelRequest(actor, null));
        Map(app, "rollback", "Undo a Succeeded request", actor => new RollbackRequest(actor, null));
        Map(app, "retry-rollback", "Try a failed rollback again", actor => new RetryRollback(actor));
    }

    private static void Map(IEndpointRouteBuilder app, string action, string summary, Func<string, RequestCommand> command) =>
        app.MapPost($"/api/requests/{{id:guid}}/{action}", async (Guid id, HttpContext http, RequestStore requests, CommandDispatcher dispatcher, CancellationToken ct) =>
            {
                // Only roles that see every project may act (Roles), so no project check is needed here.
                var actor = Caller.Of(http).Subject;
                var outcome = await requests.DecideAsync(id, command(actor), new Causation(actor, http.TraceIdentifier, "api"), ct);
                // The undo's first command goes out now, not when the outbox notices it.
                await dispatcher.DispatchAsync(outcome.Dispatches, ct);
                if (outcome.State is null) return Problem.NotFound($"No request {id}.");
                if (outcome.Decision.Rejection is { } why) return Problem.Conflict(why);
                return Results.Accepted($"/api/requests/{id}", new SubmittedResponse(id, outcome.State.Status.ToString()));
            })
            .RequirePermission(Permission.ActOnRequests)
            .WithName(action switch { "cancel" => "CancelRequest", "rollback" => "RollbackRequest", _ => "RetryRollback" })
            .WithSummary(summary)
            .Produces<SubmittedResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
