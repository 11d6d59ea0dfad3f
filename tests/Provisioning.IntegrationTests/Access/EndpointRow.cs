using System.Net;
using Provisioning.Api.Access;

namespace Provisioning.IntegrationTests.Access;

/// <summary>
/// One row of the endpoint x caller table: an endpoint (method, path template, optional JSON body template)
/// and what it needs. A caller without a working token gets 401 (unless anyone may call it); an authenticated
/// caller whose role lacks <see cref="Needs"/> gets 403; everyone else gets <see cref="Ok"/>, unless
/// <see cref="Overrides"/> says otherwise for that caller (e.g. 404 for another project's request).
/// Placeholders in the path and body: {requestA}, {requestB}, {missing} (an id nobody has), {nohost},
/// {tokenId}, {throwawayTokenId}, {projectA}, {unique} (a fresh name on every call), {submit} (a whole
/// submission body on the no-agent host).
/// </summary>
public sealed record EndpointRow(string Method, string Path, Need Needs, HttpStatusCode Ok, string? Body = null,
    IReadOnlyDictionary<string, HttpStatusCode>? Overrides = null)
{
    /// <summary>The status <paramref name="caller"/> must get.</summary>
    public HttpStatusCode Expected(string caller)
    {
        if (Needs.Anyone) return Ok;
        var role = Callers.RoleOf(caller);
        if (role is null) return HttpStatusCode.Unauthorized;
        if (Needs.Permission is { } permission && !Roles.Allows(role, permission)) return HttpStatusCode.Forbidden;
        return Overrides is not null && Overrides.TryGetValue(caller, out var special) ? special : Ok;
    }

    /// <summary>How xunit shows the row.</summary>
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>What an endpoint needs of its caller.</summary>
public sealed record Need(bool Anyone, Permission? Permission)
{
    /// <summary>No token at all (health).</summary>
    public static readonly Need Nothing = new(true, null);

    /// <summary>Any working token, whatever its role.</summary>
    public static readonly Need AnyToken = new(false, null);

    public static Need To(Permission permission) => new(false, permission);
}
