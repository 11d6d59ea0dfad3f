namespace Provisioning.Domain.Requests;

public static partial class RequestDecider
{
    /// <summary>
    /// A submission the engine checked before it reached the decider: either refused outright (e.g. the host's
    /// agent is not there to run it), or placed by the engine. A placed request starts like any other, with the
    /// choice recorded right after <see cref="RequestSubmitted"/> and the host written into its parameters, so
    /// steps and agents see a request that named its host. A request that is refused, or that no host fits, is
    /// recorded with the reason and fails at once: nothing is dispatched.
    /// </summary>
    private static Decision SubmitChecked(SubmitRequest c, DecisionContext ctx)
    {
        if (c.Refusal is { } refusal)
        {
            return new Decision([Submitted(c, ctx), new RequestFailed(refusal, ctx.Now)]);
        }

        var placement = c.Placement!;
        if (placement.Host is not { } host)
        {
            return new Decision([
                Submitted(c with { Host = "" }, ctx),
                new PlacementRefused(placement.Reason, placement.Candidates, ctx.Now),
                new RequestFailed(placement.Reason, ctx.Now),
            ]);
        }

        var parameters = new Dictionary<string, string>(c.Parameters) { ["host"] = host };
        var started = Submit(c with { Host = host, Parameters = parameters }, ctx).Events.ToList();
        started.Insert(1, new HostPlaced(host, placement.Reason, placement.Candidates, ctx.Now));
        return new Decision(started);
    }

    private static RequestSubmitted Submitted(SubmitRequest c, DecisionContext ctx) =>
        new(c.RequestId, c.Definition.Name, c.Definition.Version, c.Definition.Steps,
            c.Parameters, c.Host, c.Ticket, c.Actor, c.Source, c.IdempotencyKey, ctx.Now, c.Project);
}
