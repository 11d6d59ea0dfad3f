using Marten;
using Provisioning.Api.Access;
using Provisioning.Api.Problems;
using Provisioning.Engine.Audit.Timeline;
using Provisioning.Engine.Integrity;

namespace Provisioning.Api.Audit;

/// <summary><c>GET /api/requests/{id}/timeline</c>: the request's story, built from its events and their metadata.</summary>
public static class TimelineEndpoint
{
    public static async Task<IResult> Handle(Guid id, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        // Archived requests keep their timeline: Marten's own stream reads skip archived events.
        var events = await StreamHistory.FetchIncludingArchivedAsync(session, id, ct: ct);
        var timeline = RequestTimelines.Build(events.Select(e => new RecordedEvent(e.Data, e.UserName)).ToList());
        // Another project's request is answered as missing: its existence is not the caller's business.
        if (timeline is null || !Caller.Of(http).CanSee(timeline.Project)) return Problem.NotFound($"No request {id}.");
        return Results.Ok(timeline);
    }
}
