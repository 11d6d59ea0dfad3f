using Marten;
using Microsoft.AspNetCore.Authorization;
using Provisioning.Api.Portal;

namespace Provisioning.Api.Access;

/// <summary>Authentication, authorization and the admin endpoints (tokens, projects).</summary>
public static class AccessEndpoints
{
    /// <summary>Requires an authenticated caller whose role grants <paramref name="permission"/> (401 without one, 403 without the permission).</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(PolicyOf(permission));

    /// <summary>The authorization policy behind <see cref="RequirePermission{TBuilder}"/>.</summary>
    public static string PolicyOf(Permission permission) => $"permission:{permission}";

    /// <summary>
    /// Bearer tokens, one policy per permission, and a fallback policy that makes every endpoint without one
    /// (OpenAPI included) need an authenticated caller; health opts out explicitly. Registers the token and
    /// project documents and the start-up admin token with Marten.
    /// </summary>
    public static IServiceCollection AddProvisioningAccess(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions());
        services.AddSingleton<TokenDirectory>();
        // Bearer tokens, or the portal's cookie session: the policy scheme picks one per request.
        services.AddAuthentication(PortalAuthentication.ApiScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddPortalCookie();

        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(PortalAuthentication.ApiScheme).RequireAuthenticatedUser().Build());
        foreach (var permission in Enum.GetValues<Permission>())
        {
            authorization.AddPolicy(PolicyOf(permission), policy => policy
                .AddAuthenticationSchemes(PortalAuthentication.ApiScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(c => Roles.Allows(c.User.FindFirst(Caller.RoleClaim)?.Value, permission)));
        }

        services.ConfigureMarten(opts =>
        {
            opts.Schema.For<ApiToken>().Identity(t => t.Id).UniqueIndex(t => t.Hash);
            opts.Schema.For<ProjectRecord>().Identity(p => p.Id);
        });
        // Marten runs initial data in its start-up service, after the schema is applied and before the web
        // server (registered last) starts listening: no request is served before an admin token exists.
        services.InitializeMartenWith<AdminBootstrap>();
        return services;
    }

    /// <summary>The admin endpoints.</summary>
    public static WebApplication MapAccess(this WebApplication app)
    {
        app.MapTokens();
        app.MapProjects();
        return app;
    }
}
