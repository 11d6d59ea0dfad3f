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

    /// <summary>One entry per ending the ticket was told of (a request may succeed, then be rolled back by an operator).</summary>
    public List<TicketCommentRecord> Comments { get; set; } = [];
}
