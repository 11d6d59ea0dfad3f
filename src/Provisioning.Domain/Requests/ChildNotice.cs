namespace Provisioning.Domain.Requests;

/// <summary>
/// The <see cref="ChildRequestFinished"/> a child request's decision adds whenever it brings the child to an end (or
/// from one end to another), so the parent hears of it through the event store: durably, never twice from one
/// decision, and in the child's own transaction.
/// </summary>
internal static class ChildNotice
{
    /// <summary>The notice for the parent of <paramref name="after"/>, which <paramref name="events"/> just ended; null for a request with no parent.</summary>
    public static ChildRequestFinished? For(RequestState after, IReadOnlyList<object> events, DecisionContext ctx)
    {
        if (after.ParentId is not { } parent) return null;
        var reason = after.Status switch
        {
            RequestStatus.Succeeded => null,
            RequestStatus.Failed => events.OfType<RequestFailed>().LastOrDefault()?.Reason ?? "failed",
            _ => after.CompensationReason,
        };
        return new ChildRequestFinished(parent, after.Id, after.Host, after.Status, reason, after.Leftovers, ctx.Now);
    }
}
