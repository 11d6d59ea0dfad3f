using Microsoft.AspNetCore.Diagnostics;
using Provisioning.Api.Problems;

namespace Provisioning.Api.Hardening;

/// <summary>
/// What Kestrel refuses while an endpoint reads the request (a chunked body over its <see cref="BodyLimit"/>, a body cut
/// short): its own 4xx as problem details, not a 500.
/// </summary>
public sealed class BadHttpRequestHandler(ILogger<BadHttpRequestHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        log.LogInformation("{Method} {Path} answered {Status}: {Error}", httpContext.Request.Method, httpContext.Request.Path, bad.StatusCode, bad.Message);
        // The exception handler clears the endpoint before it calls handlers; the feature keeps the one that threw.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
        var limit = endpoint?.Metadata.GetMetadata<BodyLimit>()?.Bytes ?? BodyLimit.Default;
        var result = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? Problem.TooLarge(limit)
            : Results.Problem(statusCode: bad.StatusCode, title: "Bad request", detail: "The request could not be read; nothing was changed.",
                type: "https://provisioning.dev/problems/bad-request");
        await result.ExecuteAsync(httpContext);
        return true;
    }
}
