using Provisioning.Domain.Requests;

namespace Provisioning.Api.Requests;

/// <summary>The answer to a submission that was recorded but refused before anything ran.</summary>
public static class SubmissionProblems
{
    /// <summary>
    /// 409 problem+json: the request exists (Location, <c>requestId</c>) and has <c>requestStatus</c> Failed, for
    /// <c>reason</c>; for a placement, <c>candidates</c> gives each host's verdict. A 409 rather than a 202: the
    /// client must see at once that nothing will happen, and it is the fleet's current state that refuses (more
    /// room later, or another host, may succeed), not the body (which would be a 400/422).
    /// </summary>
    public static IResult Refused(Guid requestId, SubmissionRefusal refusal)
    {
        var location = $"/api/requests/{requestId}";
        var problem = Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: refusal.NoHostFits ? "No host has room" : refusal.Field is { } f ? $"Refused at submission: parameters.{f}" : "Refused at submission",
            detail: refusal.Reason,
            type: "https://provisioning.dev/problems/refused-at-submission",
            instance: location,
            extensions: new Dictionary<string, object?>
            {
                ["requestId"] = requestId,
                // Not "status": that member is the HTTP status in every problem (RFC 9457).
                ["requestStatus"] = "Failed",
                ["reason"] = refusal.Reason,
                ["candidates"] = refusal.Candidates,
                // The parameter the fleet refuses, named as a 400 names a field, so a client shows it at the field.
                ["errors"] = refusal.Field is { } field ? new Dictionary<string, string[]> { [$"parameters.{field}"] = [refusal.Reason] } : null,
            });
        return new WithLocation(problem, location);
    }

    /// <summary>The problem result with a Location header pointing at the recorded request.</summary>
    private sealed class WithLocation(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
