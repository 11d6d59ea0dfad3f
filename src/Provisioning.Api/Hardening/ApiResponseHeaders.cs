namespace Provisioning.Api.Hardening;

/// <summary>
/// Headers on every answer: <c>nosniff</c> everywhere (a JSON answer is never run as script or styled as CSS), and
/// <c>no-store</c> on the API and the portal's session (answers carry requests, tokens and audit records, which a shared
/// or browser cache must not keep). The portal's static files stay cacheable.
/// </summary>
public static class ApiResponseHeaders
{
    public static IApplicationBuilder UseApiResponseHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var path = http.Request.Path;
        var store = path.StartsWithSegments("/api") || path.StartsWithSegments("/portal/session") || path.StartsWithSegments("/openapi");
        http.Response.OnStarting(() =>
        {
            http.Response.Headers.XContentTypeOptions = "nosniff";
            if (store) http.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(http);
    });
}
