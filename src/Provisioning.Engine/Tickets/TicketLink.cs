namespace Provisioning.Engine.Tickets;

/// <summary>
/// Which ticket started a request, where it lives, and whether the ticket has heard how the request ended.
/// Stored in the same transaction as the request's first events, so a request started by a ticket always has one.
/// </summary>
public sealed class TicketLink
{
    /// <summary>The request the ticket started (one document per request).</summary>
    public Guid Id { get; set; }

    /// <summary>The ticket key, e.g. <c>github:octo/infra#12</c> or <c>jira:OPS-7</c> (also the request's ticket and idempotency key).</summary>
    public string Ticket { get; set; } = "";

    /// <summary><c>generic</c>, <c>github</c> or <c>jira</c>.</summary>
    public string Source { get; set; } = "";

    /// <summary>The ticket's page for people (may be empty for a generic ticket without one).</summary>
    public string? Url { get; set; }

    /// <summary>GitHub: <c>owner/repo</c>. Jira: unused.</summary>
    public string? Repository { get; set; }

    /// <summary>GitHub: the issue number; Jira: the issue key.</summary>
    public string? Issue { get; set; }

    /// <summary>When the ticket got its comment (null until then).</summary>
    public DateTimeOffset? CommentedAt { get; set; }

    /// <summary>The HTTP status the ticket system answered the comment with (the last attempt's).</summary>
    public int? CommentStatus { get; set; }

    /// <summary>The comment's address as the ticket system answered it (GitHub <c>html_url</c>, Jira <c>self</c>), when given.</summary>
    public string? CommentUrl { get; set; }
}
