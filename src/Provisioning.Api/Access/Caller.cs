using System.Security.Claims;
using Provisioning.Engine.Inventory;

namespace Provisioning.Api.Access;

/// <summary>
/// The authenticated caller of an endpoint: the token's subject (recorded as the actor on every event the
/// call causes), its role and its project.
/// </summary>
public sealed record Caller(string Subject, string Role, string? Project)
{
    /// <summary>Claim type of the token's subject.</summary>
    public const string SubjectClaim = "sub";

    /// <summary>Claim type of the token's role.</summary>
    public const string RoleClaim = "role";

    /// <summary>Claim type of the token's project (absent when it names none).</summary>
    public const string ProjectClaim = "project";

    /// <summary>Claim type of the token's public id.</summary>
    public const string TokenIdClaim = "token_id";

    /// <summary>
    /// Whether the caller may see a request of <paramref name="project"/>: a requester only its own project's,
    /// every other role all of them.
    /// </summary>
    public bool CanSee(string? project) => Roles.CanSee(Role, Project, project);

    /// <summary>
    /// The project a list must be limited to for this caller, or null when it sees every project. A requester
    /// always has one (its token cannot be made or used without).
    /// </summary>
    public string? OnlyProject => Roles.SeesAllProjects(Role) ? null : Project ?? throw new InvalidOperationException("a requester without a project");

    /// <summary>The VMs this caller may act on: a requester its project's, every other role that may submit any.</summary>
    public VmScope VmScope => OnlyProject is { } project ? VmScope.Only(project) : VmScope.Everything;

    /// <summary>
    /// The caller of the current HTTP request. Every endpoint but health requires an authenticated caller, so
    /// an anonymous one here is a missing <c>RequirePermission</c>: refuse loudly instead of guessing.
    /// </summary>
    public static Caller Of(HttpContext http)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true) throw new InvalidOperationException($"{http.Request.Path} reached without an authenticated caller; add RequirePermission to the endpoint");
        return new Caller(Claim(user, SubjectClaim)!, Claim(user, RoleClaim)!, Claim(user, ProjectClaim));
    }

    private static string? Claim(ClaimsPrincipal user, string type) => user.FindFirst(type)?.Value;
}
