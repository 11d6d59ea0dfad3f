namespace Provisioning.Domain.Requests;

/// <summary>
/// Decides for any request stream: the stream's state says which decider it takes (<see cref="RequestDecider"/> for a
/// request that runs steps, <see cref="ParentDecider"/> for a parent over several hosts). Pure, like both.
/// </summary>
public static class StreamDecider
{
    /// <summary>Decides what a trigger means for the stream's state (null: no such request yet).</summary>
    public static Decision Decide(RequestAggregate? state, RequestCommand command, DecisionContext ctx) => state switch
    {
        ParentState parent => ParentDecider.Decide(parent, command, ctx),
        RequestState request => RequestDecider.Decide(request, command, ctx),
        _ => RequestDecider.Decide(null, command, ctx),
    };

    /// <summary>Decides a submission with what the engine read of the fleet for it; a request that exists already changes nothing.</summary>
    public static Decision Submit(RequestAggregate? state, SubmitRequest command, SubmissionFacts facts, DecisionContext ctx) =>
        state is null ? RequestDecider.Submit(command, facts, ctx) : Decision.None;
}
