using System.Text.Json.Nodes;

namespace Provisioning.Api.Webhooks;

/// <summary>What a delivery says: a ticket asking for a workflow, a delivery to ignore, or a ticket whose fields are wrong.</summary>
public abstract record TicketReading
{
    private TicketReading() { }

    /// <summary>A ticket that asks for <paramref name="Workflow"/> with <paramref name="Parameters"/>.</summary>
    /// <param name="Key">The ticket key, e.g. <c>github:octo/infra#12</c>: the request's ticket and its idempotency key.</param>
    /// <param name="Actor">The ticket's author, prefixed with the source (<c>github:octocat</c>).</param>
    /// <param name="Repository">GitHub: <c>owner/repo</c>.</param>
    /// <param name="Issue">GitHub: the issue number; Jira: the issue key.</param>
    public sealed record Trigger(string Key, string? Url, string Actor, string Workflow, JsonObject Parameters, string? Repository, string? Issue) : TicketReading;

    /// <summary>Nothing to do (another label, another event, a ping).</summary>
    public sealed record Ignored(string Reason) : TicketReading;

    /// <summary>The ticket cannot become a request; field -> problems.</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors) : TicketReading;

    public static Invalid Of(string field, string problem) => new(new Dictionary<string, string[]> { [field] = [problem] });
}
