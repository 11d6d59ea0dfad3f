using Marten;
using Provisioning.Api.Hardening;
using Provisioning.Api.Problems;

namespace Provisioning.Api.Access;

/// <summary><c>/api/projects</c> (admin): the tenants that requester tokens are scoped to.</summary>
public static class ProjectEndpoints
{
    public static void MapProjects(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects", Create).WithBodyLimit(BodyLimit.Small)
            .RequirePermission(Permission.Administer)
            .WithName("CreateProject").WithSummary("Create a project")
            .Accepts<NewProject>("application/json")
            .Produces<ProjectView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/projects", List)
            .RequirePermission(Permission.Administer)
            .WithName("ListProjects").WithSummary("Every project, by name")
            .Produces<IReadOnlyList<ProjectView>>();
        app.MapGet("/api/projects/{name}", GetOne)
            .RequirePermission(Permission.Administer)
            .WithName("GetProject").WithSummary("One project")
            .Produces<ProjectView>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Create(HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var body = await JsonBody.ReadAsync(http.Request, errors, ct);
        var parsed = body is { } json ? AccessNames.ParseProject(json, errors) : null;
        if (parsed is null || errors.Count > 0) return Problem.Invalid(errors);

        var project = new ProjectRecord { Id = parsed.Name, Description = parsed.Description, CreatedAt = clock.GetUtcNow(), CreatedBy = Caller.Of(http).Subject };
        session.Insert(project);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            return Problem.Conflict($"Project '{parsed.Name}' exists already.");
        }
        return Results.Created($"/api/projects/{project.Id}", ProjectView.From(project));
    }

    private static async Task<IResult> List(IQuerySession session, CancellationToken ct)
    {
        var projects = await session.Query<ProjectRecord>().OrderBy(p => p.Id).ToListAsync(ct);
        return Results.Ok(projects.Select(ProjectView.From).ToList());
    }

    private static async Task<IResult> GetOne(string name, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<ProjectRecord>(name, ct) is { } project ? Results.Ok(ProjectView.From(project)) : Problem.NotFound($"No project {name}.");
}
