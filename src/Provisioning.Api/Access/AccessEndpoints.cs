namespace Provisioning.Api.Access;

/// <summary>Authentication, authorization and the admin endpoints (tokens, projects).</summary>
public static class AccessEndpoints
{
    /// <summary>Requires an authenticated caller holding <paramref name="permission"/>. (Stub until token authentication lands.)</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder => builder;

    public static IServiceCollection AddProvisioningAccess(this IServiceCollection services) => services;

    public static WebApplication MapAccess(this WebApplication app) => app;
}
