using System.Text.Json;
using Provisioning.Engine.Tickets;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// Reads a GitHub <c>issues</c> event: an open issue carrying a configured label (label -> workflow) asks for
/// that workflow, with the parameters in the issue body's fenced block. Key <c>github:owner/repo#number</c>.
/// </summary>
public static class GitHubIssues
{
    /// <summary>Actions after which the issue says what it wants; closing, deleting or unlabelling asks for nothing.</summary>
    private static readonly HashSet<string> Actions = ["opened", "edited", "labeled", "reopened"];

    public static TicketReading Read(string? eventName, JsonElement body, TicketOptions.GitHubSource options)
    {
        if (eventName == "ping") return new TicketReading.Ignored("ping: the webhook is reachable");
        if (eventName != "issues") return new TicketReading.Ignored($"event '{eventName}' is not an issues event");
        var action = Text(body, "action");
        if (action is null || !Actions.Contains(action)) return new TicketReading.Ignored($"issue action '{action}' asks for nothing");
        if (!body.TryGetProperty("issue", out var issue) || issue.ValueKind != JsonValueKind.Object
            || !issue.TryGetProperty("number", out var number) || !number.TryGetInt64(out var n))
        {
            return TicketReading.Of("issue.number", "is required");
        }
        if (Text(issue, "state") is "closed") return new TicketReading.Ignored("the issue is closed");
        var labels = issue.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Select(x => Text(x, "name")).OfType<string>().ToList()
            : [];
        var workflow = labels.Where(options.Labels.ContainsKey).Select(x => options.Labels[x]).FirstOrDefault();
        if (workflow is null) return new TicketReading.Ignored($"the issue has none of the labels {string.Join(", ", options.Labels.Keys)}");
        var repository = body.TryGetProperty("repository", out var repo) ? Text(repo, "full_name") : null;
        if (repository is null) return TicketReading.Of("repository.full_name", "is required");

        var parameters = FencedParameters.Read(Text(issue, "body"), out var problem);
        if (parameters is null) return TicketReading.Of("issue.body", problem!);
        var sender = body.TryGetProperty("sender", out var s) ? Text(s, "login") : null;
        var author = sender ?? (issue.TryGetProperty("user", out var u) ? Text(u, "login") : null) ?? "unknown";
        return new TicketReading.Trigger($"github:{repository}#{n}", Text(issue, "html_url"), $"github:{author}", workflow, parameters,
            repository, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    internal static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
