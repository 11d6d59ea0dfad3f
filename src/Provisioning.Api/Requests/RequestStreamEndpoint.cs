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
/// (as <c>GET /api/requests/{id}</c> shows it) now and again each time it changes, and an <c>end</c> event after the
/// first view with a final status, when the stream closes (a later rollback is followed by opening it again). The
/// store is polled: a request changes at the pace of its steps, and polling needs no listener that every replica
/// would share. Bounded: <see cref="StreamQuota.MaxPerSubject"/> streams per subject, each at most
/// <see cref="MaxLifetime"/> (then it closes without <c>end</c>, and a browser's EventSource reconnects), and each tick
/// checks that the caller's token is still live.
/// </summary>
public static class RequestStreamEndpoint
{
    /// <summary>How often the store is read for a change.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest one stream stays open.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(30);

    /// <summary>The event that says the request is final and nothing more comes on this stream.</summary>
    public const string EndEvent = "end";

    /// <summary>Maps the endpoint.</summary>
    public static void MapRequestStream(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/requests/{id:guid}/stream", Handle)
            .RequirePermission(Permission.ReadRequests)
            .WithName("StreamRequest").WithSummary("The request as server-sent events, pushed each time it changes, until it is final")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, StreamQuota quota, TokenDirectory tokens, IOptions<JsonOptions> json,
        CancellationToken ct)
    {
        var caller = Caller.Of(http);
        var first = await LoadAsync(store, id, ct);
        // Another project's request answers exactly as a missing one.
        if (first is null || !caller.CanSee(first.Project)) return Problem.NotFound($"No request {id}.");
        if (quota.TryTake(caller.Subject) is not { } place)
        {
            return Problem.Busy(http, $"{caller.Subject} has {StreamQuota.MaxPerSubject} request streams open, as many as it may; close one first.", RetryAfterSeconds);
        }
        // Given back with the request, which ends when the stream does (and even if its events are never enumerated).
        http.Response.RegisterForDispose(place);
        http.Response.Headers.CacheControl = "no-cache";
        // Proxies such as nginx buffer responses unless told not to; a buffered stream is not live.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var tokenId = http.User.FindFirst(Caller.TokenIdClaim)?.Value;
        var live = new Func<CancellationToken, Task<bool>>(async c => tokenId is not null && await tokens.FindByIdAsync(tokenId, c) is not null);
        return TypedResults.ServerSentEvents(Changes(store, id, first, live, json.Value.SerializerOptions, ct));
    }

    /// <summary>A caller at its quota is asked to come back after this long (a tab closed frees its place at once).</summary>
    private const int RetryAfterSeconds = 5;

    private static async IAsyncEnumerable<SseItem<string>> Changes(IDocumentStore store, Guid id, RequestView first, Func<CancellationToken, Task<bool>> live,
        JsonSerializerOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(ct);
        lifetime.CancelAfter(MaxLifetime);
        var last = JsonSerializer.Serialize(first, options);
        yield return new SseItem<string>(last, "request");
        if (IsFinal(first.Status))
        {
            yield return new SseItem<string>(first.Status, EndEvent);
            yield break;
        }
        using var timer = new PeriodicTimer(PollInterval);
        while (true)
        {
            RequestView? view;
            try
            {
                if (!await timer.WaitForNextTickAsync(lifetime.Token)) yield break;
                // Re-authorised on every tick: a revoked token's streams end within a poll (and the token cache's seconds).
                if (!await live(lifetime.Token)) yield break;
                view = await LoadAsync(store, id, lifetime.Token);
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
            if (IsFinal(view.Status))
            {
                yield return new SseItem<string>(view.Status, EndEvent);
                yield break;
            }
        }
    }

    /// <summary>A status the request stays in unless someone acts on it (a rollback of a Succeeded one, a retry of a failed rollback).</summary>
    private static bool IsFinal(string status) => Enum.TryParse<RequestStatus>(status, out var s) && RequestAggregate.IsEnd(s);

    private static async Task<RequestView?> LoadAsync(IDocumentStore store, Guid id, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await RequestViews.LoadAsync(session, id, null, ct);
    }
}
