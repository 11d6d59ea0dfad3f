namespace Provisioning.Api.Access;

/// <summary>
/// The authenticated caller of an endpoint: the token's subject (recorded as the actor on every event the
/// call causes), its role and its project.
/// </summary>
public sealed record Caller(string Subject, string Role, string? Project)
{
    /// <summary>Whether the caller may see a request of <paramref name="project"/> (a requester only its own).</summary>
    public bool CanSee(string? project) => true;

    /// <summary>The caller of the current HTTP request. (Stub until token authentication lands.)</summary>
    public static Caller Of(HttpContext http) => new("anonymous", "admin", null);
}
