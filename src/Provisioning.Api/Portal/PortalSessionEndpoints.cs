using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Provisioning.Api.Access;
using Provisioning.Api.Hardening;
using Provisioning.Api.Problems;

namespace Provisioning.Api.Portal;

/// <summary>
/// <c>/portal/session</c>: sign in with a token (a cookie session with the token's subject, role and project),
/// who am I, sign out.
/// </summary>
public static class PortalSessionEndpoints
{
    private const int MaxTokenLength = 512;

    /// <summary>Maps the session endpoints.</summary>
    public static void MapPortalSession(this IEndpointRouteBuilder app)
    {
        app.MapPost("/portal/session", SignIn).AllowAnonymous().WithBodyLimit(BodyLimit.SignIn).ExcludeFromDescription();
        app.MapGet("/portal/session", (Delegate)Me).RequireAuthorization().ExcludeFromDescription();
        app.MapDelete("/portal/session", (Delegate)SignOut).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> SignIn(HttpContext http, TokenDirectory tokens, CancellationToken ct)
    {
        if (!PortalAuthentication.IsCrossSiteSafe(http.Request)) return Problem.Invalid(new Dictionary<string, string[]> { [PortalAuthentication.CsrfHeader] = ["is required"] });
        string? secret = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String)
            {
                secret = t.GetString()?.Trim();
            }
        }
        catch (JsonException)
        {
            // Answered below as a missing token.
        }
        if (string.IsNullOrEmpty(secret) || secret.Length > MaxTokenLength) return Problem.Invalid(new Dictionary<string, string[]> { ["token"] = ["is required"] });

        var token = await tokens.FindAsync(secret, ct);
        if (token is null) return Problem.Invalid(new Dictionary<string, string[]> { ["token"] = ["is not a valid token (unknown or revoked)"] }, "Sign-in refused.");

        List<Claim> claims = [new(Caller.SubjectClaim, token.Subject), new(Caller.RoleClaim, token.Role), new(Caller.TokenIdClaim, token.Id)];
        if (token.Project is { } project) claims.Add(new Claim(Caller.ProjectClaim, project));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, PortalAuthentication.CookieScheme, Caller.SubjectClaim, Caller.RoleClaim));
        await http.SignInAsync(PortalAuthentication.CookieScheme, principal);
        return Results.Ok(SessionView.Of(new Caller(token.Subject, token.Role, token.Project)));
    }

    private static IResult Me(HttpContext http) => Results.Ok(SessionView.Of(Caller.Of(http)));

    private static async Task<IResult> SignOut(HttpContext http)
    {
        if (!PortalAuthentication.IsCrossSiteSafe(http.Request)) return Problem.Invalid(new Dictionary<string, string[]> { [PortalAuthentication.CsrfHeader] = ["is required"] });
        await http.SignOutAsync(PortalAuthentication.CookieScheme);
        return Results.NoContent();
    }
}
