using Microsoft.AspNetCore.Diagnostics;
using Provisioning.Engine.Outages;

namespace Provisioning.Api.Problems;

/// <summary>
/// Any endpoint, PostgreSQL away (<see cref="StoreOutage"/>): 503 problem details with Retry-After, not a 500. The
/// failed call changed nothing it did not commit, and a submission retried with its Idempotency-Key cannot run twice, so
/// trying again shortly is the right advice.
/// </summary>
public sealed class StoreUnavailableHandler(ILogger<StoreUnavailableHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!StoreOutage.Is(exception)) return false;
        log.LogWarning("{Method} {Path} answered 503: PostgreSQL does not answer ({Error})", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        await Problem.Unavailable(httpContext,
                "The event store (PostgreSQL) does not answer. Try again shortly (a submission with the same Idempotency-Key).")
            .ExecuteAsync(httpContext);
        return true;
    }
}
