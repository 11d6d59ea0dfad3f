using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Provisioning.Api.Access;
using Provisioning.Api.Problems;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Integrity;

namespace Provisioning.Api.Requests;

/// <summary>
/// <c>GET /api/requests/{id}/stream</c>: server-sent events, one <c>request</c> event with the request view
/// (as <c>GET /api/requests/{id}</c> shows it) now and again each time it changes. The store is polled: a
/// request changes at the pace of its steps, and polling needs no listener that every replica would share.
/// </summary>
public static class RequestStreamEndpoint
{
    /// <summary>How often the store is read for a change.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Maps the endpoint.</summary>
    public static void MapRequestStream(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/requests/{id:guid}/stream", Handle)
            .RequirePermission(Permission.ReadRequests)
            .WithName("StreamRequest").WithSummary("The request as server-sent events, pushed each time it changes")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var caller = Caller.Of(http);
        var first = await LoadAsync(store, id, ct);
        // Another project's request answers exactly as a missing one.
        if (first is null || !caller.CanSee(first.Project)) return Problem.NotFound($"No request {id}.");
        http.Response.Headers.CacheControl = "no-cache";
        // Proxies such as nginx buffer responses unless told not to; a buffered stream is not live.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(Changes(store, id, first, json.Value.SerializerOptions, ct));
    }

    private static async IAsyncEnumerable<SseItem<string>> Changes(
        IDocumentStore store, Guid id, RequestView first, JsonSerializerOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        var last = JsonSerializer.Serialize(first, options);
        yield return new SseItem<string>(last, "request");
        using var timer = new PeriodicTimer(PollInterval);
        while (true)
        {
            try
            {
                if (!await timer.WaitForNextTickAsync(ct)) yield break;
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            RequestView? view;
            try
            {
                view = await LoadAsync(store, id, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            if (view is null) yield break;
            var text = JsonSerializer.Serialize(view, options);
            if (text == last) continue;
            last = text;
            yield return new SseItem<string>(text, "request");
        }
    }

    private static async Task<RequestView?> LoadAsync(IDocumentStore store, Guid id, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await RequestViews.LoadAsync(session, id, null, ct);
    }
}
