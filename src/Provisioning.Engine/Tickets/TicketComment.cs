using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Tickets;

/// <summary>What a ticket is told when its request ends: pure, from the terminal event.</summary>
public static class TicketComment
{
    /// <summary>The ending's status name and the comment text; null for an event that does not end a request.</summary>
    public static (string Status, string Text)? For(Guid requestId, object terminal) =>
        terminal is IRequestEnded ended ? (ended.Status.ToString(), Text(requestId, ended)) : null;

    private static string Text(Guid requestId, IRequestEnded ended) => ended switch
    {
        RequestRolledBack r => $"Provisioning request `{requestId}` was **rolled back**: {r.Reason}",
        RollbackFailed f => $"Provisioning request `{requestId}` **failed and its rollback failed**; an operator must clean up: {string.Join(", ", f.Leftovers)}",
        RequestFailed f => $"Provisioning request `{requestId}` **failed**: {f.Reason}",
        RequestCancelled c => $"Provisioning request `{requestId}` was **cancelled** by {c.Actor}.",
        RequestSucceeded { Guest: { } guest } => $"Provisioning request `{requestId}` **succeeded**: {guest}.",
        RequestSucceeded => $"Provisioning request `{requestId}` **succeeded**.",
        // An ending added later says its status rather than being announced as a success.
        _ => $"Provisioning request `{requestId}` ended: **{ended.Status}**.",
    };
}
