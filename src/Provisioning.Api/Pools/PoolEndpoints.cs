using Marten;
using Provisioning.Api.Access;
using Provisioning.Api.Hardening;
using Provisioning.Api.Problems;
using Provisioning.Domain.Pools;
using Provisioning.Engine.Pools;
using Provisioning.Engine.Requests;

namespace Provisioning.Api.Pools;

/// <summary><c>/api/pools</c>: the address pools VMs take their addresses from. Admins define and remove them; every role reads them.</summary>
public static class PoolEndpoints
{
    public static void MapPools(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/pools", Create).WithBodyLimit(BodyLimit.Small)
            .RequirePermission(Permission.Administer)
            .WithName("CreatePool").WithSummary("Define an address pool")
            .WithDescription("Defines a pool on a bridge and VLAN: its IPv4 network (cidr), gateway, up to three DNS servers, and the range it hands out (the whole network when left out; the network, broadcast and gateway addresses are skipped). A pool whose range meets another's on the same bridge and VLAN is a 409.")
            .Accepts<PoolBodyExample>("application/json")
            .Produces<PoolView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/pools", List)
            .RequirePermission(Permission.ReadPools)
            .WithName("ListPools").WithSummary("Every address pool, by name")
            .Produces<IReadOnlyList<PoolView>>();
        app.MapGet("/api/pools/{name}", GetOne)
            .RequirePermission(Permission.ReadPools)
            .WithName("GetPool").WithSummary("One address pool with its leases")
            .Produces<PoolView>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapDelete("/api/pools/{name}", Remove)
            .RequirePermission(Permission.Administer)
            .WithName("RemovePool").WithSummary("Remove an address pool none of whose addresses is leased")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> Create(HttpContext http, PoolAdministration pools, IQuerySession session, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var body = await JsonBody.ReadAsync(http.Request, errors, ct);
        var definition = body is { } json ? PoolBody.Parse(json, errors) : null;
        if (definition is null || errors.Count > 0) return Problem.Invalid(errors);

        var decision = await pools.DefineAsync(definition, CausationOf(http), ct);
        if (decision.Refusal is { } refusal) return Problem.Conflict(refusal);
        var record = await session.LoadAsync<PoolRecord>(PoolStreams.IdOf(definition.Name), ct);
        return Results.Created($"/api/pools/{definition.Name}", PoolView.From(record!, [], withLeases: true));
    }

    private static async Task<IResult> List(IQuerySession session, CancellationToken ct)
    {
        var pools = await session.Query<PoolRecord>().OrderBy(p => p.Key).ToListAsync(ct);
        var leases = (await session.Query<AddressLease>().ToListAsync(ct)).ToLookup(l => l.Pool);
        return Results.Ok(pools.Select(p => PoolView.From(p, [.. leases[p.Key]], withLeases: false)).ToList());
    }

    private static async Task<IResult> GetOne(string name, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<PoolRecord>(PoolStreams.IdOf(name), ct) is not { } pool) return Problem.NotFound($"No address pool {name}.");
        var leases = await session.Query<AddressLease>().Where(l => l.Pool == pool.Key).ToListAsync(ct);
        return Results.Ok(PoolView.From(pool, [.. leases], withLeases: true));
    }

    private static async Task<IResult> Remove(string name, HttpContext http, PoolAdministration pools, CancellationToken ct)
    {
        var decision = await pools.RemoveAsync(name, CausationOf(http), ct);
        if (decision.Missing) return Problem.NotFound($"No address pool {name}.");
        return decision.Refusal is { } refusal ? Problem.Conflict(refusal) : Results.NoContent();
    }

    private static Causation CausationOf(HttpContext http) => new(Caller.Of(http).Subject, http.TraceIdentifier, "api");
}
