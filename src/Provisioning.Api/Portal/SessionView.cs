using Provisioning.Api.Access;

namespace Provisioning.Api.Portal;

/// <summary>Who is signed in and what the role allows: the portal shows only what these permissions grant.</summary>
public sealed record SessionView(string Subject, string Role, string? Project, IReadOnlyList<string> Permissions)
{
    /// <summary>The view of <paramref name="caller"/>.</summary>
    public static SessionView Of(Caller caller) =>
        new(caller.Subject, caller.Role, caller.Project, Roles.PermissionsOf(caller.Role).Select(p => p.ToString()).Order(StringComparer.Ordinal).ToList());
}
