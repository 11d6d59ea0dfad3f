using Provisioning.Domain.Requests;

namespace Provisioning.Api.Requests;

/// <summary>The answer to a submission refused before anything ran: recorded and failed (409), or not taken at all (429).</summary>
public static class SubmissionProblems
{
    /// <summary>429 problem+json with Retry-After: the host's backlog is full and nothing was stored.</summary>
    public static IResult Backlogged(HttpContext http, Engine.Requests.HostBacklog backlog) =>
        Problems.Problem.Busy(http,
            $"host {backlog.Host} has {backlog.Waiting} requests waiting for a slot, as many as it may have; nothing was stored. Submit again later (the same Idempotency-Key makes one request).",
            RetryAfterSeconds);

    /// <summary>
    /// 404 problem+json naming <c>parameters.name</c>: the one answer for a VM that is not there and a VM that is not the
    /// submitter's, so a requester cannot tell another project's VM from a missing one. Nothing was stored.
    /// </summary>
    public static IResult NoSuchVm(Domain.Vm.IExistingVm vm) =>
        Problems.Problem.NotFound($"No VM named '{vm.Name}' on host '{vm.Host}'; nothing was recorded.", "parameters.name");

    /// <summary>How long a client is asked to wait after a 429: long enough for a busy host to work off some of its backlog.</summary>
    public const int RetryAfterSeconds = 30;

    /// <summary>
    /// 409 problem+json: the request exists (Location, <c>requestId</c>) and has <c>requestStatus</c> Failed, for
    /// <c>reason</c>; for a placement, <c>candidates</c> gives each host's verdict. A 409 rather than a 202: the
    /// client must see at once that nothing will happen, and it is the fleet's current state that refuses (more
    /// room later, or another host, may succeed), not the body (which would be a 400/422). An address refused names
    /// the parameter at fault in <c>field</c> and <c>errors</c> (<c>parameters.pool</c>, <c>parameters.address</c>, ...):
    /// a 409 too, an unknown or exhausted pool included, since the pools are the fleet's state (an admin may define the
    /// pool, a rollback free an address) and the request is recorded as Failed, unlike a 400's body.
    /// A caller who may not read the hosts (a requester, a ticket) is told only that no host has room: the candidates
    /// name every host and its free memory, which is the fleet's business; the event keeps them for operators.
    /// </summary>
    public static IResult Refused(Guid requestId, SubmissionRefusal refusal, bool mayReadHosts)
    {
        if (!mayReadHosts && refusal.NoHostFits) refusal = refusal with { Reason = NoRoom, Candidates = [] };
        var location = $"/api/requests/{requestId}";
        var extensions = new Dictionary<string, object?>
        {
            ["requestId"] = requestId,
            // Not "status": that member is the HTTP status in every problem (RFC 9457).
            ["requestStatus"] = "Failed",
            ["reason"] = refusal.Reason,
            ["candidates"] = refusal.Candidates,
        };
        if (refusal.Field is { } field)
        {
            extensions["field"] = $"parameters.{field}";
            extensions["errors"] = new Dictionary<string, string[]> { [$"parameters.{field}"] = [refusal.Reason] };
        }
        var problem = Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: refusal.NoHostFits ? "No host has room" : refusal.Field is { } f ? $"Refused at submission: parameters.{f}" : "Refused at submission",
            detail: refusal.Reason,
            type: "https://provisioning.dev/problems/refused-at-submission",
            instance: location,
            extensions: extensions);
        return new WithLocation(problem, location);
    }

    /// <summary>What a caller who may not read the hosts is told when placement found no host for its VM.</summary>
    public const string NoRoom = "No host has room for this VM now; try a smaller one or later, or ask an operator.";

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
