using Marten;
using Provisioning.Api.Hardening;
using Provisioning.Api.Problems;

namespace Provisioning.Api.Access;

/// <summary>
/// <c>/api/tokens</c> (admin): make a token (its secret is in that answer and nowhere else, ever), list them
/// (never a secret or a hash), revoke one.
/// </summary>
public static class TokenEndpoints
{
    public static void MapTokens(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/tokens", Create).WithBodyLimit(BodyLimit.Small)
            .RequirePermission(Permission.Administer)
            .WithName("CreateToken").WithSummary("Make an API token; the answer holds its secret, shown this once")
            .Accepts<NewToken>("application/json")
            .Produces<CreatedToken>(StatusCodes.Status201Created).ProducesValidationProblem();
        app.MapGet("/api/tokens", List)
            .RequirePermission(Permission.Administer)
            .WithName("ListTokens").WithSummary("Every token, revoked ones too, oldest first; never a secret")
            .Produces<IReadOnlyList<TokenView>>();
        app.MapGet("/api/tokens/{id}", GetOne)
            .RequirePermission(Permission.Administer)
            .WithName("GetToken").WithSummary("One token; never its secret")
            .Produces<TokenView>().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapDelete("/api/tokens/{id}", Revoke)
            .RequirePermission(Permission.Administer)
            .WithName("RevokeToken").WithSummary("Revoke a token: it stops working at once here, within seconds on other replicas")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Create(HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var body = await JsonBody.ReadAsync(http.Request, errors, ct);
        var parsed = body is { } json ? AccessNames.ParseToken(json, errors) : null;
        if (parsed?.Project is { } project && await session.LoadAsync<ProjectRecord>(project, ct) is null)
        {
            errors["project"] = [$"no project '{project}'; create it first with POST /api/projects"];
        }
        if (parsed is null || errors.Count > 0) return Problem.Invalid(errors);

        var secret = TokenSecret.New();
        var token = new ApiToken
        {
            Id = TokenSecret.NewId(), Hash = TokenSecret.Hash(secret), Subject = parsed.Subject, Role = parsed.Role, Project = parsed.Project,
            CreatedAt = clock.GetUtcNow(), CreatedBy = Caller.Of(http).Subject,
        };
        session.Insert(token);
        await session.SaveChangesAsync(ct);
        return Results.Created($"/api/tokens/{token.Id}", new CreatedToken(token.Id, secret, token.Subject, token.Role, token.Project, token.CreatedAt));
    }

    private static async Task<IResult> List(IQuerySession session, CancellationToken ct)
    {
        var tokens = await session.Query<ApiToken>().OrderBy(t => t.CreatedAt).ToListAsync(ct);
        return Results.Ok(tokens.Select(TokenView.From).ToList());
    }

    private static async Task<IResult> GetOne(string id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<ApiToken>(id, ct) is { } token ? Results.Ok(TokenView.From(token)) : Problem.NotFound($"No token {id}.");

    private static async Task<IResult> Revoke(string id, HttpContext http, IDocumentSession session, TokenDirectory directory, TimeProvider clock, CancellationToken ct)
    {
        var token = await session.LoadAsync<ApiToken>(id, ct);
        if (token is null) return Problem.NotFound($"No token {id}.");
        // Revoking twice keeps the first revocation's time and author.
        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            token.RevokedBy = Caller.Of(http).Subject;
            session.Update(token);
            await session.SaveChangesAsync(ct);
        }
        directory.Forget(token);
        return Results.NoContent();
    }
}
