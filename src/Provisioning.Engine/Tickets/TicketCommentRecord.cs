namespace Provisioning.Engine.Tickets;

/// <summary>How telling a ticket of one ending went.</summary>
/// <param name="Ending">The request's status that ending gave it (Succeeded, RolledBack, ...).</param>
/// <param name="EventVersion">The terminal event's version in the request's stream: what makes a replay recognisable.</param>
/// <param name="HttpStatus">What the ticket system answered the last attempt (0: no answer).</param>
/// <param name="Posted">True when the comment was made.</param>
/// <param name="Url">The comment's address as the ticket system answered it (GitHub <c>html_url</c>, Jira <c>self</c>).</param>
public sealed record TicketCommentRecord(string Ending, long EventVersion, int HttpStatus, bool Posted, string? Url, DateTimeOffset At);
