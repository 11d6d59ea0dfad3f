using Marten;
using Provisioning.Api.Access;
using Provisioning.Api.Problems;
using Provisioning.Engine.Audit.Timeline;

namespace Provisioning.Api.Audit;

/// <summary><c>GET /api/requests/{id}/timeline</c>: the request's story, built from its events and their metadata.</summary>
public static class TimelineEndpoint
{
    public static async Task<IResult> Handle(Guid id, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        var timeline = RequestTimelines.Build(events.Select(e => new RecordedEvent(e.Data, e.UserName)).ToList());
        // Another project's request is answered as missing: its existence is not the caller's business.
        if (timeline is null || !Caller.Of(http).CanSee(timeline.Project)) return Problem.NotFound($"No request {id}.");
        return Results.Ok(timeline);
    }
}
