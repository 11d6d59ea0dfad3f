using Marten;
using Provisioning.Api.Access;
using Provisioning.Api.Problems;
using Provisioning.Domain.Vm;
using Provisioning.Engine.Images;

namespace Provisioning.Api.Images;

/// <summary>
/// <c>GET /api/images</c>: the base images each host holds, as the import-image requests reported them. Anyone who may
/// read requests may read them: a requester names an image in every VM it asks for.
/// </summary>
public static class ImageEndpoints
{
    public static void MapImages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/images", List)
            .RequirePermission(Permission.ReadRequests)
            .WithName("ListImages").WithSummary("The base images on each host (format, virtual size, SHA-256, login user), by host and name; ?host= for one host")
            .Produces<IReadOnlyList<ImageRecord>>().ProducesValidationProblem();
        app.MapGet("/api/images/{host}/{name}", GetOne)
            .RequirePermission(Permission.ReadRequests)
            .WithName("GetImage").WithSummary("One image on one host")
            .Produces<ImageRecord>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    // Images are a few per host: no paging.
    private static async Task<IResult> List(IQuerySession session, string? host, CancellationToken ct)
    {
        if (host is not null && !IsHost(host)) return Problem.Invalid(new Dictionary<string, string[]> { ["host"] = ["must be a host name (letters, digits, '-' and '.')"] }, "Invalid image query.");
        var images = await session.Query<ImageRecord>().OrderBy(i => i.Id).ToListAsync(ct);
        // Host names compare case-insensitively, as the keys are made.
        return Results.Ok(string.IsNullOrEmpty(host) ? images : images.Where(i => i.Id.StartsWith(ImageRecord.KeyOf(host, ""), StringComparison.Ordinal)).ToList());
    }

    private static async Task<IResult> GetOne(string host, string name, IQuerySession session, CancellationToken ct)
    {
        var image = IsHost(host) ? await session.LoadAsync<ImageRecord>(ImageRecord.KeyOf(host, name), ct) : null;
        return image is null ? Problem.NotFound($"No image {name} on host {host}.") : Results.Ok(image);
    }

    private static bool IsHost(string host) => host.Length <= 253 && VmParameterRules.HostPattern().IsMatch(host);
}
