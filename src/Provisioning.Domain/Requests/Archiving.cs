namespace Provisioning.Domain.Requests;

/// <summary>
/// Whether a request (or a parent) may be archived: only a finished one, and once. The archive is an event naming who
/// did it; the engine closes the stream (Marten's archiving) in the same transaction.
/// </summary>
internal static class Archiving
{
    public static Decision Decide(RequestAggregate state, ArchiveRequest c, DecisionContext ctx)
    {
        if (state.Archived) return Decision.Reject("the request is already archived");
        if (!state.IsTerminal) return Decision.Reject($"only a finished request may be archived; this one is {state.Status}");
        return new Decision([new RequestArchived(c.Actor, ctx.Now)]);
    }
}
