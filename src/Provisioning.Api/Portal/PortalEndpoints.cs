using System.Collections.Frozen;
using System.Reflection;

namespace Provisioning.Api.Portal;

/// <summary>
/// The portal: a single page app (plain HTML, CSS and JS modules) embedded in this assembly and served at
/// <c>/portal/</c> to anyone; everything it shows comes from the API, which checks the caller on every call.
/// </summary>
public static class PortalEndpoints
{
    private const string Prefix = "portal/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Resource names are the assets' paths under wwwroot (see the csproj), so a path is looked up, never built into a file name.
    private static readonly FrozenSet<string> Assets = typeof(PortalEndpoints).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Maps the assets (<c>/portal</c> and <c>/portal/</c> both answer the page: routing ignores a trailing slash), the session endpoints and a redirect from <c>/</c>.</summary>
    public static void MapPortal(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/portal/")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/portal/{**path}", (string? path, HttpContext http) => Serve(string.IsNullOrEmpty(path) ? "index.html" : path, http))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPortalSession();
    }

    private static IResult Serve(string path, HttpContext http)
    {
        var name = Prefix + path;
        if (!Assets.Contains(name) || !ContentTypes.TryGetValue(Path.GetExtension(path), out var type)) return Results.NotFound();
        var headers = http.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        return Results.Stream(Assembly.GetExecutingAssembly().GetManifestResourceStream(name)!, type);
    }
}
