using Marten;
using Provisioning.Api.Access;
using Provisioning.Api.Problems;
using Provisioning.Engine;
using Provisioning.Engine.Fleet;
using Provisioning.Engine.Outbox;
using Provisioning.Engine.Placement;

namespace Provisioning.Api.Hosts;

/// <summary>The host fleet: every host whose agent has announced itself, online or offline.</summary>
public static class HostEndpoints
{
    public static void MapHosts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hosts", List)
            .RequirePermission(Permission.ReadHosts)
            .WithName("ListHosts").WithSummary("Every known host with its capacity, versions, whether it is online and onboarded, and its room for placement, by name")
            .Produces<IReadOnlyList<HostView>>();
        app.MapGet("/api/hosts/{name}", GetOne)
            .RequirePermission(Permission.ReadHosts)
            .WithName("GetHost").WithSummary("One host with its capacity, versions and whether it is online")
            .Produces<HostView>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapHostHistory();
    }

    // A fleet is tens or hundreds of hosts, one small document each, and the reservations of the requests in
    // flight: no paging.
    private static async Task<IResult> List(IQuerySession session, EngineOptions options, TimeProvider clock, CancellationToken ct)
    {
        var facts = await PlacementFacts.ReadAsync(session, ct);
        var parked = await ParkedByHost.ReadAsync(session, ct);
        var now = clock.GetUtcNow();
        var policy = options.Placement.ToPolicy();
        return Results.Ok(facts.Records.OrderBy(h => h.Id, StringComparer.Ordinal).Select(h => HostView.From(h, facts, parked, policy, now)).ToList());
    }

    private static async Task<IResult> GetOne(string name, IQuerySession session, EngineOptions options, TimeProvider clock, CancellationToken ct)
    {
        var facts = await PlacementFacts.ReadAsync(session, ct);
        var host = facts.Records.FirstOrDefault(h => h.Id == HostRecord.IdOf(name));
        return host is null
            ? Problem.NotFound($"No host {name} has announced itself.")
            : Results.Ok(HostView.From(host, facts, await ParkedByHost.ReadAsync(session, ct), options.Placement.ToPolicy(), clock.GetUtcNow()));
    }
}
