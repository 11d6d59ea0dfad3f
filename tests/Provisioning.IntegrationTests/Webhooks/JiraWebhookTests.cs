using System.Net;
using System.Text;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Webhooks;

/// <summary>
/// Jira webhooks (<c>jira:issue_created</c>/<c>jira:issue_updated</c>) signed as Jira Cloud signs them
/// (<c>X-Hub-Signature: sha256=...</c>); parameters from the description block and a mapped custom field;
/// comments through a local fake of Jira's REST API.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class JiraWebhookTests(StackFixture stack)
{
    private const string Header = "X-Hub-Signature";
    private readonly WebhookClient hooks = new(stack);

    private static Dictionary<string, string> Headers() => new() { ["X-Atlassian-Webhook-Identifier"] = Guid.NewGuid().ToString() };

    /// <summary>A webhook body as Jira sends it: the event, the user, the issue with its fields.</summary>
    private string Issue(string @event, string key, string name, string description, params string[] labels) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["timestamp"] = 1700000000000,
        ["webhookEvent"] = @event,
        ["issue_event_type_name"] = @event == "jira:issue_created" ? "issue_created" : "issue_generic",
        ["user"] = new { accountId = "5b10ac8d82e05b22cc7d4ef5", name = "jdoe", displayName = "Jane Doe" },
        ["issue"] = new Dictionary<string, object>
        {
            ["id"] = "10002",
            ["self"] = $"https://example.atlassian.net/rest/api/2/issue/10002",
            ["key"] = key,
            ["fields"] = new Dictionary<string, object?>
            {
                ["summary"] = "A VM please",
                ["labels"] = labels,
                ["description"] = description,
                [WebhookSettings.JiraNameField] = name,
            },
        },
    });

    private string NoHostDescription(int vlan = 100) =>
        $"```json\n{{\"host\": \"{stack.Prefix}-nohost\", \"memoryMiB\": 64, \"vcpus\": 1, \"diskGiB\": 1, \"bridge\": \"{stack.Prefix}wb\", \"vlan\": {vlan}}}\n```";

    [Fact]
    public async Task a_labelled_issue_starts_one_request_with_the_custom_field_and_updates_answer_with_it()
    {
        var key = $"OPS-{Random.Shared.Next(1000, 9999)}";
        var created = await hooks.PostAsync("jira", Issue("jira:issue_created", key, $"{stack.Prefix}-jr1", NoHostDescription(), "provision-vm"),
            WebhookSettings.JiraSecret, Header, Headers());
        Assert.True(created.Status == HttpStatusCode.Accepted, created.Text);
        var id = Guid.Parse(WebhookClient.Id(created));
        var view = await stack.GetRequestAsync(id);
        Assert.Equal($"jira:{key}", view.GetProperty("ticket").GetString());
        Assert.Equal("jira:jdoe", view.GetProperty("actor").GetString());
        Assert.Equal($"{stack.Prefix}-jr1", view.GetProperty("parameters").GetProperty("name").GetString());
        Assert.Equal($"{WebhookSettings.Jira.BaseAddress}browse/{key}", (await hooks.LinkAsync(id))!.Value.GetProperty("Url").GetString());

        var updated = await hooks.PostAsync("jira", Issue("jira:issue_updated", key, $"{stack.Prefix}-jr1", NoHostDescription(vlan: 400), "provision-vm"),
            WebhookSettings.JiraSecret, Header, Headers());
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(id.ToString(), WebhookClient.Id(updated));
        Assert.Equal(1, await hooks.RequestsWithTicketAsync($"jira:{key}"));
    }

    [Fact]
    public async Task tampered_unlabelled_and_malformed_issues_record_nothing()
    {
        var mark = await stack.StoreMarkAsync();
        var key = $"OPS-{Random.Shared.Next(1000, 9999)}";

        var tampered = await hooks.PostAsync("jira", Issue("jira:issue_created", key, $"{stack.Prefix}-jr2", NoHostDescription(), "provision-vm"),
            WebhookSettings.JiraSecret, Header, Headers(), tamper: true);
        var unlabelled = await hooks.PostAsync("jira", Issue("jira:issue_created", key, $"{stack.Prefix}-jr2", NoHostDescription()),
            WebhookSettings.JiraSecret, Header, Headers());
        var deleted = await hooks.PostAsync("jira", Issue("jira:issue_deleted", key, $"{stack.Prefix}-jr2", NoHostDescription(), "provision-vm"),
            WebhookSettings.JiraSecret, Header, Headers());
        var malformed = await hooks.PostAsync("jira", Issue("jira:issue_created", key, $"{stack.Prefix}-jr2", NoHostDescription(vlan: 0), "provision-vm"),
            WebhookSettings.JiraSecret, Header, Headers());

        Assert.Equal(HttpStatusCode.Unauthorized, tampered.Status);
        Assert.Equal(HttpStatusCode.Accepted, unlabelled.Status);
        Assert.Contains("labels", unlabelled.Body.GetProperty("ignored").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, deleted.Status);
        Assert.False(string.IsNullOrEmpty(deleted.Body.GetProperty("ignored").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.True(malformed.Body.GetProperty("errors").TryGetProperty("parameters.vlan", out _), malformed.Text);
        Assert.Equal(0, await stack.EventsInNewStreamsSinceAsync(mark));
    }

    [Fact]
    public async Task a_request_refused_for_room_tells_the_jira_issue_with_basic_auth_after_a_503()
    {
        var key = $"OPS-{Random.Shared.Next(1000, 9999)}";
        var path = $"/rest/api/2/issue/{key}/comment";
        WebhookSettings.Jira.FailNext(path, HttpStatusCode.ServiceUnavailable);
        // No host named and more memory than any host has: recorded, and Failed at once (no host has room).
        var description = $"```json\n{{\"memoryMiB\": 1048576, \"vcpus\": 256, \"diskGiB\": 1, \"bridge\": \"{stack.Prefix}wb\"}}\n```";

        var answer = await hooks.PostAsync("jira", Issue("jira:issue_created", key, $"{stack.Prefix}-jr3", description, "provision-vm"),
            WebhookSettings.JiraSecret, Header, Headers());
        Assert.True(answer.Status == HttpStatusCode.Conflict, answer.Text);
        var id = answer.Body.GetProperty("requestId").GetGuid();

        var received = await Eventually.Until(() => Task.FromResult(WebhookSettings.Jira.To(path)), r => r.Any(x => x.AnsweredWith == 201),
            TimeSpan.FromSeconds(30), "the comment on the Jira issue");
        Assert.Equal([503, 201], received.Select(r => r.AnsweredWith));
        var comment = received[^1];
        Assert.Equal("POST", comment.Method);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{WebhookSettings.JiraEmail}:{WebhookSettings.JiraApiToken}"));
        Assert.Equal($"Basic {basic}", comment.Headers["Authorization"]);
        Assert.StartsWith("application/json", comment.Headers["Content-Type"], StringComparison.Ordinal);
        var text = JsonDocument.Parse(comment.Body).RootElement.GetProperty("body").GetString();
        Assert.Contains(id.ToString(), text, StringComparison.Ordinal);
        Assert.Contains("failed", text, StringComparison.Ordinal);

        var link = await Eventually.Until(() => hooks.LinkAsync(id), l => l!.Value.GetProperty("Comments").GetArrayLength() == 1, TimeSpan.FromSeconds(10), "the comment's outcome");
        Assert.Equal("Failed", link!.Value.GetProperty("Comments")[0].GetProperty("Ending").GetString());
    }
}
