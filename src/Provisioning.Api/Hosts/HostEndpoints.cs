using Marten;
using Provisioning.Api.Access;
using Provisioning.Api.Problems;
using Provisioning.Engine.Fleet;

namespace Provisioning.Api.Hosts;

/// <summary>The host fleet: every host whose agent has announced itself, online or offline.</summary>
public static class HostEndpoints
{
    public static void MapHosts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hosts", List)
            .RequirePermission(Permission.ReadHosts)
            .WithName("ListHosts").WithSummary("Every known host with its capacity, versions and whether it is online, by name")
            .Produces<IReadOnlyList<HostView>>();
        app.MapGet("/api/hosts/{name}", GetOne)
            .RequirePermission(Permission.ReadHosts)
            .WithName("GetHost").WithSummary("One host with its capacity, versions and whether it is online")
            .Produces<HostView>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapHostHistory();
    }

    // A fleet is tens or hundreds of hosts, one small document each: no paging.
    private static async Task<IResult> List(IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var hosts = await session.Query<HostRecord>().OrderBy(h => h.Id).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return Results.Ok(hosts.Select(h => HostView.From(h, now)).ToList());
    }

    private static async Task<IResult> GetOne(string name, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var host = await session.LoadAsync<HostRecord>(HostRecord.IdOf(name), ct);
        return host is null ? Problem.NotFound($"No host {name} has announced itself.") : Results.Ok(HostView.From(host, clock.GetUtcNow()));
    }
}
