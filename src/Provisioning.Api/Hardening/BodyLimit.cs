using Microsoft.AspNetCore.Http.Features;
using Provisioning.Api.Problems;

namespace Provisioning.Api.Hardening;

/// <summary>
/// The largest body an endpoint reads, as endpoint metadata (<see cref="BodyLimits.WithBodyLimit{TBuilder}"/>); an
/// endpoint without one gets <see cref="Default"/>. Kestrel's own limit is 30 MB, which lets anyone, signed in or not,
/// make the server parse that much per request.
/// </summary>
public sealed record BodyLimit(long Bytes)
{
    /// <summary>Sign-in: a token and nothing else.</summary>
    public const long SignIn = 4 * 1024;

    /// <summary>Tokens, projects, pools, actions: a few short fields.</summary>
    public const long Small = 16 * 1024;

    /// <summary>
    /// Every other endpoint, submissions included: the largest valid provision-vm (16 SSH keys of 4 KiB and 16 KiB of
    /// user data, JSON-escaped) stays well under it.
    /// </summary>
    public const long Default = 256 * 1024;
}

/// <summary>Applies <see cref="BodyLimit"/>s: a declared length over it is refused at once, a longer chunked body when it is read.</summary>
public static class BodyLimits
{
    /// <summary>The endpoint reads at most <paramref name="bytes"/>.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    /// <summary>
    /// After routing, which <c>WebApplication</c> puts first when the app does not place it (the endpoint is known here):
    /// sets the request's limit, and answers 413 for a declared length over it.
    /// </summary>
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.Bytes ?? BodyLimit.Default;
        if (http.Request.ContentLength > limit)
        {
            await Problem.TooLarge(limit).ExecuteAsync(http);
            return;
        }
        // Read-only once the body has been read (never here) or for a protocol upgrade; then Kestrel's own limit stands.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        await next(http);
    });
}
