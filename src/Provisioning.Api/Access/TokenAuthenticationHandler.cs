using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Provisioning.Api.Access;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c>: the token's subject, role and project become the caller's claims.
/// Refusals are problem+json that say only what is wrong with the credentials, never anything about the
/// resource asked for.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenDirectory tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    // Longer than any secret this system makes or accepts: not worth hashing.
    private const int MaxTokenLength = 512;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.Fail("not a bearer token");
        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length is 0 or > MaxTokenLength) return AuthenticateResult.Fail("malformed bearer token");

        var token = await tokens.FindAsync(secret, Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail("unknown or revoked token");

        List<Claim> claims = [new(Caller.SubjectClaim, token.Subject), new(Caller.RoleClaim, token.Role), new(Caller.TokenIdClaim, token.Id)];
        if (token.Project is { } project) claims.Add(new Claim(Caller.ProjectClaim, project));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, Caller.SubjectClaim, Caller.RoleClaim));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // RFC 6750: a presented token that did not work is "invalid_token"; no token at all gets the bare scheme.
        var presented = Request.Headers.Authorization.Count > 0;
        Response.Headers[HeaderNames.WWWAuthenticate] = presented ? "Bearer error=\"invalid_token\"" : "Bearer";
        return AccessProblems.Unauthorized(presented).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AccessProblems.Forbidden().ExecuteAsync(Context);
}
