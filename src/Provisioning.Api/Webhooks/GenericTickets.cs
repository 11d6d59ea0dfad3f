using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// Reads the generic source: <c>{"ticket": "CHG-1", "workflow": "...", "parameters": {...}}</c> with optional
/// <c>url</c> (the ticket's page) and <c>author</c>. Key <c>generic:&lt;ticket&gt;</c>.
/// </summary>
public static class GenericTickets
{
    private static readonly HashSet<string> Known = ["ticket", "workflow", "parameters", "url", "author"];

    public static TicketReading Read(JsonElement body, string defaultActor)
    {
        if (body.ValueKind != JsonValueKind.Object) return TicketReading.Of("body", "must be a JSON object with ticket, workflow and parameters");
        var errors = new Dictionary<string, string[]>();
        foreach (var p in body.EnumerateObject().Where(p => !Known.Contains(p.Name))) errors[p.Name] = ["is not a known field"];
        var ticket = GitHubIssues.Text(body, "ticket");
        if (string.IsNullOrWhiteSpace(ticket)) errors["ticket"] = ["is required and must be a string"];
        var workflow = GitHubIssues.Text(body, "workflow");
        if (workflow is null) errors["workflow"] = ["is required and must be a string"];
        if (!body.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
        {
            errors["parameters"] = ["is required and must be an object"];
        }
        if (errors.Count > 0) return new TicketReading.Invalid(errors);
        return new TicketReading.Trigger($"generic:{ticket}", GitHubIssues.Text(body, "url"), $"generic:{GitHubIssues.Text(body, "author") ?? defaultActor}",
            workflow!, JsonNode.Parse(parameters.GetRawText())!.AsObject(), null, ticket);
    }
}
