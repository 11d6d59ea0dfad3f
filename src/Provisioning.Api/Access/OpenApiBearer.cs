using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Provisioning.Api.Access;

/// <summary>Declares the bearer token in the OpenAPI document, so generated clients and tools send it.</summary>
public static class OpenApiBearer
{
    private const string SchemeId = "bearer";

    public static OpenApiOptions AddBearerToken(this OpenApiOptions options) => options.AddDocumentTransformer((document, _, _) =>
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API token (prv_...) from POST /api/tokens or the start-up admin token.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, document)] = [] }];
        return Task.CompletedTask;
    });
}
