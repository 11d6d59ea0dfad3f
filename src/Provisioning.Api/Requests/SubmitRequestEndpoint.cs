using System.Text.Json;
using Provisioning.Api.Access;
using Provisioning.Api.Problems;
using Provisioning.Engine.Requests;
using Provisioning.Engine.Workflows;

namespace Provisioning.Api.Requests;

/// <summary><c>POST /api/requests</c>: validate everything, then start one saga (or find the one the key started).</summary>
public static class SubmitRequestEndpoint
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static RouteHandlerBuilder MapSubmitRequest(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/requests", Handle)
            .RequirePermission(Permission.SubmitRequests)
            .WithName("SubmitRequest")
            .WithSummary("Submit a provisioning request")
            .WithDescription("Starts a saga for the workflow, recorded under the caller's project with the token's subject as actor. With an Idempotency-Key header, the same key and body answer with the same request; the same key with another body is a 409. A requester may act only on its project's VMs: a request on any other VM (or one that is not there) is a 404 naming parameters.name. A provision-vm request without a host is placed on an onboarded host with room; when none has room (or an onboard-host names a host whose agent is not online) the request is recorded as Failed and the answer is a 409 problem with its requestId, requestStatus and reason, and Location.")
            .Accepts<SubmitRequestBody>("application/json")
            .Produces<SubmittedResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<IResult> Handle(HttpContext http, WorkflowCatalog catalog, RequestSubmission submission, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var caller = Caller.Of(http);
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length > 255 || key.Any(char.IsControl)) errors[IdempotencyHeader] = ["must be at most 255 printable characters"];

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
            body = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            errors["body"] = [$"is not valid JSON: {e.Message}"];
            return Problem.Invalid(errors);
        }

        var parsed = SubmissionParser.Parse(body, catalog, errors);
        if (parsed is null || errors.Count > 0) return Problem.Invalid(errors);
        if (parsed.OperatorOnly is not null && !Roles.Allows(caller.Role, Permission.ActOnRequests)) return AccessProblems.Forbidden();

        // A requester's keys live in its project's own namespace, behind a separator no key may hold (a control
        // character): the same key in another project, or an operator's key spelled "project/key", is another request,
        // and neither its id nor its existence leaks through a 409.
        var scopedKey = key.Length == 0 ? null : caller.OnlyProject is { } project ? $"{project}\u001f{key}" : key;
        var result = await submission.SubmitAsync(parsed.ToSubmission(caller.Subject, "api", scopedKey, caller.Project, caller.VmScope),
            new Causation(caller.Subject, http.TraceIdentifier, "api"), ct, refuseOverBacklog: true);
        if (result.Backlog is { } backlog) return SubmissionProblems.Backlogged(http, backlog);
        if (result.NotInScope is { } vm) return SubmissionProblems.NoSuchVm(vm);
        if (result.Conflict)
        {
            return Problem.Conflict($"Idempotency-Key '{key}' was used for a different request ({result.RequestId}).");
        }
        if (result.Refusal is { } refusal) return SubmissionProblems.Refused(result.RequestId, refusal, Roles.Allows(caller.Role, Permission.ReadHosts));
        return Results.Accepted($"/api/requests/{result.RequestId}", new SubmittedResponse(result.RequestId, result.Status.ToString()));
    }
}
