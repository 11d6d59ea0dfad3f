namespace Provisioning.Domain.Requests;

/// <summary>
/// Adds a <see cref="ChildRequestFinished"/> to a child request's decision whenever it brings the child to an end
/// (or from one end to another), so the parent hears of it through the event store: durably, never twice
/// from one decision, and in the child's own transaction.
/// </summary>
internal static class ChildNotice
{
    public static Decision Append(RequestState? before, Decision decision, DecisionContext ctx)
    {
        if (decision.Events.Count == 0) return decision;
        var after = decision.Events.Aggregate(before, (s, e) => s is null ? (e is RequestSubmitted r ? RequestState.Initial(r) : null) : s.Evolve(e));
        if (after is not { ParentId: { } parent, IsTerminal: true }) return decision;
        if (before is { IsTerminal: true } && before.Status == after.Status) return decision;
        var reason = after.Status switch
        {
            RequestStatus.Succeeded => null,
            RequestStatus.Failed => decision.Events.OfType<RequestFailed>().LastOrDefault()?.Reason ?? "failed",
            _ => after.CompensationReason,
        };
        var notice = new ChildRequestFinished(parent, after.Id, after.Host, after.Status, reason, after.Leftovers, ctx.Now);
        return decision with { Events = [.. decision.Events, notice] };
    }
}
