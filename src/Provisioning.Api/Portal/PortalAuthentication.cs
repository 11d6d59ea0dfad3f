using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Provisioning.Api.Access;

namespace Provisioning.Api.Portal;

/// <summary>
/// The portal's cookie session next to the bearer tokens. One policy scheme (<see cref="ApiScheme"/>) picks per
/// request: an <c>Authorization</c> header means the bearer handler, otherwise the portal cookie. Challenges and
/// refusals always go to the bearer handler, so an API call answers 401/403 problem+json, never a login redirect.
/// </summary>
public static class PortalAuthentication
{
    /// <summary>The scheme every policy authenticates with: bearer or portal cookie.</summary>
    public const string ApiScheme = "BearerOrPortalCookie";

    /// <summary>The portal's cookie scheme.</summary>
    public const string CookieScheme = "PortalCookie";

    /// <summary>The header a cookie-authenticated state-changing call must carry (see <see cref="IsCrossSiteSafe"/>).</summary>
    public const string CsrfHeader = "X-Requested-With";

    /// <summary>Adds the cookie scheme and the policy scheme that chooses between it and the bearer handler.</summary>
    public static AuthenticationBuilder AddPortalCookie(this AuthenticationBuilder builder)
    {
        builder.AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "provisioning.portal";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            o.Events.OnValidatePrincipal = ValidateAsync;
        });
        builder.AddPolicyScheme(ApiScheme, "Bearer token or portal session", o =>
        {
            o.ForwardDefaultSelector = c => c.Request.Headers.Authorization.Count > 0 || !c.Request.Cookies.ContainsKey("provisioning.portal")
                ? TokenAuthenticationHandler.SchemeName
                : CookieScheme;
            o.ForwardChallenge = TokenAuthenticationHandler.SchemeName;
            o.ForwardForbid = TokenAuthenticationHandler.SchemeName;
        });
        return builder;
    }

    /// <summary>
    /// Whether a cookie-authenticated request may go on: reads always; a state-changing one only with
    /// <see cref="CsrfHeader"/>, which a cross-site form cannot send and a cross-site script cannot add without a
    /// CORS preflight this API never grants.
    /// </summary>
    public static bool IsCrossSiteSafe(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
        || request.Headers.ContainsKey(CsrfHeader);

    // A session lives no longer than its token: a revoked token ends every portal session made with it.
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (!IsCrossSiteSafe(context.Request))
        {
            context.RejectPrincipal();
            return;
        }
        var id = context.Principal?.FindFirst(Caller.TokenIdClaim)?.Value;
        // The bearer path's directory: the same liveness rule and the same short cache, not a database read per call.
        var tokens = context.HttpContext.RequestServices.GetRequiredService<TokenDirectory>();
        var token = id is null ? null : await tokens.FindByIdAsync(id, context.HttpContext.RequestAborted);
        if (token is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }
}
