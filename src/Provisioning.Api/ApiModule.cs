using System.Text.Json.Serialization;
using Provisioning.Api.Access;
using Provisioning.Api.Audit;
using Provisioning.Api.ErrorQueues;
using Provisioning.Api.Hardening;
using Provisioning.Api.Health;
using Provisioning.Api.Integrity;
using Provisioning.Api.Hosts;
using Provisioning.Api.Images;
using Provisioning.Api.Portal;
using Provisioning.Api.Problems;
using Provisioning.Api.Pools;
using Provisioning.Api.Requests;
using Provisioning.Api.Webhooks;

namespace Provisioning.Api;

/// <summary>The HTTP surface: request and host endpoints, health, OpenAPI and problem details.</summary>
public static class ApiModule
{
    public static IServiceCollection AddProvisioningApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        // Before the generic 500: PostgreSQL away answers 503 with Retry-After (StoreUnavailableHandler).
        services.AddExceptionHandler<StoreUnavailableHandler>();
        services.AddExceptionHandler<BadHttpRequestHandler>();
        services.AddProvisioningAccess();
        services.AddSingleton<StreamQuota>();
        services.AddOpenApi(o => o.AddBearerToken());
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // MassTransit registers its bus check tagged "ready"; PostgreSQL joins it.
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }

    public static WebApplication MapProvisioningApi(this WebApplication app)
    {
        app.UseApiResponseHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseBodyLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        // Health is for load balancers and orchestrators, which hold no token; everything else needs one.
        app.MapGroup("").AllowAnonymous().MapHealth();
        app.MapAccess();
        app.MapSubmitRequest();
        app.MapReadRequests();
        app.MapRequestActions();
        app.MapHosts();
        app.MapErrorQueues();
        app.MapImages();
        app.MapPools();
        app.MapAudit();
        app.MapIntegrity();
        app.MapWebhooks();
        app.MapRequestStream();
        app.MapPortal();
        return app;
    }
}
