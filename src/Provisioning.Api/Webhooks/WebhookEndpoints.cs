using System.Text.Json;
using Marten;
using System.Text.Json.Nodes;
using Provisioning.Api.Hardening;
using Provisioning.Api.Problems;
using Provisioning.Api.Requests;
using Provisioning.Engine.Inventory;
using Provisioning.Engine.Requests;
using Provisioning.Engine.Tickets;
using Provisioning.Engine.Workflows;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// <c>POST /api/webhooks/{source}</c> (<c>generic</c>, <c>github</c>, <c>jira</c>): a ticket starts a request.
/// No bearer token: the sender proves itself with an HMAC-SHA256 signature of the raw body under the source's
/// shared secret. The ticket key is the idempotency key, so re-deliveries and edits answer with the request the
/// ticket already started.
/// </summary>
public static class WebhookEndpoints
{
    private const int MaxBody = 1 << 20;

    /// <summary>The event header that holds the ticket's URL on the events of the submission.</summary>
    public const string TicketUrlHeader = "ticketUrl";

    public static RouteHandlerBuilder MapWebhooks(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/webhooks/{source}", Handle).WithBodyLimit(MaxBody + 1) // its own check answers at MaxBody
            // Authenticated by signature, not by token (the fallback policy would demand one).
            .AllowAnonymous()
            .WithName("TicketWebhook")
            .WithSummary("Start a request from a ticket (generic, GitHub issues, Jira)")
            .WithDescription("Signed with HMAC-SHA256 of the raw body under the source's secret: X-Provisioning-Signature (generic), X-Hub-Signature-256 (github), X-Hub-Signature (jira), each 'sha256=<hex>'. 202 with the new request; 200 with the request the ticket already started; 202 with 'ignored' for deliveries that ask for nothing; 401 bad signature; 400 fields; 404 unknown or disabled source, or a VM outside the source's project (Webhooks:Project); 413 a body over 1 MiB.")
            .Produces<WebhookResponse>(StatusCodes.Status202Accepted)
            .Produces<WebhookResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    private static async Task<IResult> Handle(string source, HttpContext http, TicketOptions options, WorkflowCatalog catalog,
        RequestSubmission submission, IQuerySession query, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger(typeof(WebhookEndpoints).FullName!);
        var (secret, header) = source switch
        {
            "generic" => (options.Generic.Secret, "X-Provisioning-Signature"),
            "github" => (options.GitHub.Secret, "X-Hub-Signature-256"),
            "jira" => (options.Jira.Secret, "X-Hub-Signature"),
            _ => (null, ""),
        };
        if (string.IsNullOrEmpty(secret)) return Problem.NotFound($"webhook source '{source}'");

        var raw = await ReadBodyAsync(http.Request, ct);
        var delivery = http.Request.Headers["X-GitHub-Delivery"].FirstOrDefault() ?? http.Request.Headers["X-Atlassian-Webhook-Identifier"].FirstOrDefault() ?? "-";
        if (raw is null)
        {
            log.LogWarning("Webhook {Source} delivery {Delivery} refused: body larger than {Max} bytes", source, delivery, MaxBody);
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"At most {MaxBody} bytes; nothing was recorded.");
        }
        if (!WebhookSignature.Verify(secret, raw, http.Request.Headers[header].FirstOrDefault()))
        {
            // Neither the secret nor the signature goes to the log: who sent what is enough to investigate.
            log.LogWarning("Webhook {Source} delivery {Delivery} from {Remote} refused: signature missing or wrong", source, delivery, http.Connection.RemoteIpAddress);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Bad signature",
                detail: $"The {header} header is missing or is not the HMAC-SHA256 of the body under this source's secret; nothing was recorded.");
        }

        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(raw);
            body = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return Refuse(log, source, delivery, new Dictionary<string, string[]> { ["body"] = [$"is not valid JSON: {e.Message}"] });
        }

        var reading = source switch
        {
            "github" => GitHubIssues.Read(http.Request.Headers["X-GitHub-Event"].FirstOrDefault(), body, options.GitHub),
            "jira" => JiraIssues.Read(body, options.Jira),
            _ => GenericTickets.Read(body, options.DefaultActor),
        };
        switch (reading)
        {
            case TicketReading.Ignored ignored:
                log.LogInformation("Webhook {Source} delivery {Delivery} ignored: {Reason}", source, delivery, ignored.Reason);
                return Results.Accepted(value: new WebhookResponse(null, null, null, ignored.Reason));
            case TicketReading.Invalid invalid:
                return Refuse(log, source, delivery, invalid.Errors);
        }
        var trigger = (TicketReading.Trigger)reading;
        return await SubmitAsync(new WebhookDelivery(source, delivery, trigger, options.Project, log), catalog, submission, query, http, ct);
    }

    private static async Task<IResult> SubmitAsync(WebhookDelivery delivery, WorkflowCatalog catalog, RequestSubmission submission, IQuerySession query,
        HttpContext http, CancellationToken ct)
    {
        var (source, id, trigger, log) = (delivery.Source, delivery.Id, delivery.Trigger, delivery.Log);
        var errors = new Dictionary<string, string[]>();
        var shaped = new JsonObject { ["workflow"] = trigger.Workflow, ["ticket"] = trigger.Key, ["parameters"] = trigger.Parameters.DeepClone() };
        var parsed = SubmissionParser.Parse(JsonSerializer.SerializeToElement(shaped), catalog, errors);
        // A ticket speaks with a requester's rights: forcing a removal or admitting a host is an operator's call.
        if (parsed?.OperatorOnly is var (field, _)) errors[field] = ["is not allowed from a ticket; ask an operator"];
        if (parsed is null || errors.Count > 0) return Refuse(log, source, id, errors);

        // A ticket acts only on its source's project's VMs (none when the source has no project), like that project's requester.
        var request = parsed.ToSubmission(trigger.Actor, $"ticket:{source}", $"ticket:{trigger.Key}", delivery.Project, VmScope.Only(delivery.Project));
        var link = new TicketLink
        {
            Id = request.RequestId, Ticket = trigger.Key, Source = source, Url = trigger.Url, Repository = trigger.Repository, Issue = trigger.Issue,
        };
        // A different body under the ticket's key is an edit of the ticket: it answers with the request the ticket started.
        var result = await submission.SubmitAsync(request, new Causation(trigger.Actor, http.TraceIdentifier, $"ticket:{source}"), ct,
            session =>
            {
                session.Store(link);
                // The request's first events carry the ticket's link beside the ticket header the request store sets.
                if (trigger.Url is { } url) session.SetHeader(TicketUrlHeader, url);
            }, refuseOverBacklog: true);
        if (result.Backlog is { } backlog) return SubmissionProblems.Backlogged(http, backlog);
        if (result.NotInScope is { } vm)
        {
            log.LogWarning("Webhook {Source} delivery {Delivery} refused: ticket {Ticket} names a VM outside project {Project}", source, id, trigger.Key, delivery.Project);
            return SubmissionProblems.NoSuchVm(vm);
        }
        var location = $"/api/requests/{result.RequestId}";
        if (!result.Created)
        {
            log.LogInformation("Webhook {Source} delivery {Delivery}: ticket {Ticket} already started request {RequestId}", source, id, trigger.Key, result.RequestId);
            http.Response.Headers.Location = location;
            // After an edit (another body under the key) the submission does not read the status; the summary has it.
            var status = result.Conflict ? (await query.LoadAsync<RequestSummary>(result.RequestId, ct))?.Status : result.Status.ToString();
            return Results.Ok(new WebhookResponse(result.RequestId, status, trigger.Key, null, Existing: true));
        }
        log.LogInformation("Webhook {Source} delivery {Delivery}: ticket {Ticket} started request {RequestId}", source, id, trigger.Key, result.RequestId);
        if (result.Refusal is { } refusal) return SubmissionProblems.Refused(result.RequestId, refusal, mayReadHosts: false);
        return Results.Accepted(location, new WebhookResponse(result.RequestId, result.Status.ToString(), trigger.Key, null));
    }

    private static IResult Refuse(ILogger log, string source, string delivery, Dictionary<string, string[]> errors)
    {
        log.LogWarning("Webhook {Source} delivery {Delivery} refused: {Fields}", source, delivery, string.Join(", ", errors.Keys));
        return Problem.Invalid(errors);
    }

    /// <summary>The raw body, exactly as signed; null when larger than <see cref="MaxBody"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBody) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

/// <summary>The answer to a delivery: the request (new or existing), or why it was ignored.</summary>
/// <param name="Existing">True when the ticket had already started this request (a re-delivery or an edit).</param>
public sealed record WebhookResponse(Guid? Id, string? Status, string? Ticket, string? Ignored, bool Existing = false);
