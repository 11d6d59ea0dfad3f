using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioning.Engine.Tickets;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// Reads a Jira webhook (<c>jira:issue_created</c>, <c>jira:issue_updated</c>): an issue carrying a configured
/// label asks for that label's workflow. Parameters come from the description's fenced block, then from the
/// configured fields (<c>Webhooks:Jira:Fields:&lt;parameter&gt; = customfield_10050</c>), which win. Key <c>jira:KEY-123</c>.
/// </summary>
public static class JiraIssues
{
    public static TicketReading Read(JsonElement body, TicketOptions.JiraSource options)
    {
        var eventName = GitHubIssues.Text(body, "webhookEvent");
        if (eventName is not ("jira:issue_created" or "jira:issue_updated")) return new TicketReading.Ignored($"event '{eventName}' is not an issue creation or update");
        if (!body.TryGetProperty("issue", out var issue) || GitHubIssues.Text(issue, "key") is not { } key)
        {
            return TicketReading.Of("issue.key", "is required");
        }
        var fields = issue.TryGetProperty("fields", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        var labels = fields.ValueKind == JsonValueKind.Object && fields.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
        var workflow = labels.Where(options.Labels.ContainsKey).Select(x => options.Labels[x]).FirstOrDefault();
        if (workflow is null) return new TicketReading.Ignored($"the issue has none of the labels {string.Join(", ", options.Labels.Keys)}");

        var description = fields.ValueKind == JsonValueKind.Object ? GitHubIssues.Text(fields, "description") : null;
        var parameters = FencedParameters.Read(description, out var problem);
        if (parameters is null && options.Fields.Count == 0) return TicketReading.Of("issue.fields.description", problem!);
        parameters ??= [];
        foreach (var (parameter, field) in options.Fields)
        {
            if (fields.ValueKind == JsonValueKind.Object && fields.TryGetProperty(field, out var value) && FieldValue(value) is { } node)
            {
                parameters[parameter] = node;
            }
        }
        var user = body.TryGetProperty("user", out var u) ? GitHubIssues.Text(u, "name") ?? GitHubIssues.Text(u, "accountId") : null;
        var url = options.BaseUrl.Length > 0 ? $"{options.BaseUrl.TrimEnd('/')}/browse/{key}" : GitHubIssues.Text(issue, "self");
        return new TicketReading.Trigger($"jira:{key}", url, $"jira:{user ?? "unknown"}", workflow, parameters, null, key);
    }

    /// <summary>A field's value as a parameter: text and numbers as they are, a select option by its value, a list item by item.</summary>
    private static JsonNode? FieldValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Object when value.TryGetProperty("value", out var v) => FieldValue(v),
        JsonValueKind.Array => new JsonArray(value.EnumerateArray().Select(FieldValue).ToArray()),
        // Jira number fields are doubles: 2048.0 is a whole number for a parameter.
        JsonValueKind.Number when value.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 1e15 => JsonValue.Create((long)d),
        _ => JsonNode.Parse(value.GetRawText()),
    };
}
