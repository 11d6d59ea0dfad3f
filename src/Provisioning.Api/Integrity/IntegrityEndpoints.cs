namespace Provisioning.Api.Integrity;

/// <summary>Tamper evidence (hash-chain verification) and archiving.</summary>
public static class IntegrityEndpoints
{
    public static IEndpointRouteBuilder MapIntegrity(this IEndpointRouteBuilder app) => app;
}
