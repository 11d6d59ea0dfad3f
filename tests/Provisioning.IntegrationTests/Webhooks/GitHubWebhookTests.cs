using System.Net;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Webhooks;

/// <summary>GitHub <c>issues</c> events signed with <c>X-Hub-Signature-256</c>; comments through a local fake of GitHub's REST API.</summary>
[Collection(StackCollection.Name)]
public sealed class GitHubWebhookTests(StackFixture stack)
{
    private const string Header = "X-Hub-Signature-256";
    private readonly WebhookClient hooks = new(stack);
    private string Repository => $"octo/{stack.Prefix}";

    private static Dictionary<string, string> Headers(string @event = "issues") => new()
    {
        ["X-GitHub-Event"] = @event, ["X-GitHub-Delivery"] = Guid.NewGuid().ToString(), ["User-Agent"] = "GitHub-Hookshot/test",
    };

    /// <summary>An <c>issues</c> event as GitHub sends it (the fields Provisioning reads, and some it does not).</summary>
    private string Issue(int number, string action, string issueBody, params string[] labels) => JsonSerializer.Serialize(new
    {
        action,
        issue = new
        {
            url = $"https://api.github.com/repos/{Repository}/issues/{number}",
            html_url = $"https://github.com/{Repository}/issues/{number}",
            id = 1000 + number, number, title = "A VM please", state = "open",
            user = new { login = "octocat", id = 1 },
            labels = labels.Select((l, i) => new { id = i + 1, name = l, color = "ededed" }).ToArray(),
            body = issueBody,
        },
        repository = new { id = 42, name = stack.Prefix, full_name = Repository, @private = false },
        sender = new { login = "octocat", id = 1, type = "User" },
    });

    private string YamlBody(string name, string host, string bridge, int vlan = 100) =>
        $"Please make this VM.\n\n```yaml\nname: {name}\nhost: {host}\nmemoryMiB: 64\nvcpus: 1\ndiskGiB: 1\nbridge: {bridge}\nvlan: {vlan} # the lab VLAN\n```\n";

    [Fact]
    public async Task a_labelled_issue_starts_one_request_that_redeliveries_and_edits_answer_with()
    {
        var number = 1;
        var body = Issue(number, "opened", YamlBody($"{stack.Prefix}-gh1", $"{stack.Prefix}-nohost", $"{stack.Prefix}wb"), "provision-vm", "infra");

        var first = await hooks.PostAsync("github", body, WebhookSettings.GitHubSecret, Header, Headers());
        Assert.True(first.Status == HttpStatusCode.Accepted, first.Text);
        var id = Guid.Parse(WebhookClient.Id(first));
        var view = await stack.GetRequestAsync(id);
        Assert.Equal($"github:{Repository}#{number}", view.GetProperty("ticket").GetString());
        Assert.Equal("github:octocat", view.GetProperty("actor").GetString());
        Assert.Equal("100", view.GetProperty("parameters").GetProperty("vlan").GetString());
        var link = await hooks.LinkAsync(id);
        Assert.Equal($"https://github.com/{Repository}/issues/{number}", link!.Value.GetProperty("Url").GetString());

        var redelivery = await hooks.PostAsync("github", body, WebhookSettings.GitHubSecret, Header, Headers());
        Assert.Equal(HttpStatusCode.OK, redelivery.Status);
        Assert.Equal(id.ToString(), WebhookClient.Id(redelivery));

        var edited = Issue(number, "edited", YamlBody($"{stack.Prefix}-gh1", $"{stack.Prefix}-nohost", $"{stack.Prefix}wb", vlan: 300), "provision-vm");
        var edit = await hooks.PostAsync("github", edited, WebhookSettings.GitHubSecret, Header, Headers());
        Assert.Equal(HttpStatusCode.OK, edit.Status);
        Assert.Equal(id.ToString(), WebhookClient.Id(edit));

        Assert.Equal(1, await hooks.RequestsWithTicketAsync($"github:{Repository}#{number}"));
    }

    [Fact]
    public async Task a_burst_of_redeliveries_and_edits_at_once_makes_exactly_one_request()
    {
        var number = 6;
        var issueBody = YamlBody($"{stack.Prefix}-gh6", $"{stack.Prefix}-nohost", $"{stack.Prefix}wb");
        var bodies = Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? Issue(number, "opened", issueBody, "provision-vm")
            : Issue(number, "edited", YamlBody($"{stack.Prefix}-gh6", $"{stack.Prefix}-nohost", $"{stack.Prefix}wb", vlan: 100 + i), "provision-vm"));

        var answers = await Task.WhenAll(bodies.Select(b => hooks.PostAsync("github", b, WebhookSettings.GitHubSecret, Header, Headers())));

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Accepted or HttpStatusCode.OK, a.Text));
        Assert.Single(answers, a => a.Status == HttpStatusCode.Accepted);
        Assert.Single(answers.Select(WebhookClient.Id).Distinct());
        Assert.Equal(1, await hooks.RequestsWithTicketAsync($"github:{Repository}#{number}"));
    }

    [Fact]
    public async Task a_tampered_delivery_is_401_and_records_nothing()
    {
        var mark = await stack.StoreMarkAsync();
        var body = Issue(2, "opened", YamlBody($"{stack.Prefix}-gh2", $"{stack.Prefix}-nohost", $"{stack.Prefix}wb"), "provision-vm");

        var answer = await hooks.PostAsync("github", body, WebhookSettings.GitHubSecret, Header, Headers(), tamper: true);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal(0, await stack.EventsInNewStreamsSinceAsync(mark));
    }

    [Fact]
    public async Task unlabelled_issues_pings_and_other_events_are_ignored_and_record_nothing()
    {
        var mark = await stack.StoreMarkAsync();
        var issueBody = YamlBody($"{stack.Prefix}-gh3", $"{stack.Prefix}-nohost", $"{stack.Prefix}wb");

        var unlabelled = await hooks.PostAsync("github", Issue(3, "opened", issueBody, "bug"), WebhookSettings.GitHubSecret, Header, Headers());
        var ping = await hooks.PostAsync("github", """{"zen":"Keep it logically awesome.","hook_id":1}""", WebhookSettings.GitHubSecret, Header, Headers("ping"));
        var push = await hooks.PostAsync("github", """{"ref":"refs/heads/main"}""", WebhookSettings.GitHubSecret, Header, Headers("push"));
        var closed = await hooks.PostAsync("github", Issue(3, "closed", issueBody, "provision-vm"), WebhookSettings.GitHubSecret, Header, Headers());

        foreach (var answer in new[] { unlabelled, ping, push, closed })
        {
            Assert.True(answer.Status == HttpStatusCode.Accepted, answer.Text);
            Assert.False(string.IsNullOrEmpty(answer.Body.GetProperty("ignored").GetString()));
        }
        Assert.Contains("provision-vm", unlabelled.Body.GetProperty("ignored").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await stack.EventsInNewStreamsSinceAsync(mark));
    }

    [Fact]
    public async Task an_issue_without_a_valid_parameter_block_is_400_naming_the_fields()
    {
        var mark = await stack.StoreMarkAsync();

        var noBlock = await hooks.PostAsync("github", Issue(4, "opened", "Just a VM, thanks", "provision-vm"), WebhookSettings.GitHubSecret, Header, Headers());
        var badValue = await hooks.PostAsync("github", Issue(4, "opened", YamlBody($"{stack.Prefix}-gh4", $"{stack.Prefix}-nohost", $"{stack.Prefix}wb", vlan: 9999), "provision-vm"),
            WebhookSettings.GitHubSecret, Header, Headers());

        Assert.Equal(HttpStatusCode.BadRequest, noBlock.Status);
        Assert.True(noBlock.Body.GetProperty("errors").TryGetProperty("issue.body", out _), noBlock.Text);
        Assert.Equal(HttpStatusCode.BadRequest, badValue.Status);
        Assert.True(badValue.Body.GetProperty("errors").TryGetProperty("parameters.vlan", out _), badValue.Text);
        Assert.Equal(0, await stack.EventsInNewStreamsSinceAsync(mark));
    }

    [Fact]
    public async Task an_issue_becomes_a_running_vm_and_the_issue_gets_one_comment_even_after_a_503()
    {
        var number = 5;
        var path = $"/repos/{Repository}/issues/{number}/comments";
        WebhookSettings.GitHub.FailNext(path, HttpStatusCode.ServiceUnavailable, retryAfter: "1");
        var body = Issue(number, "opened", YamlBody($"{stack.Prefix}-gh5", stack.AgentHost, $"{stack.Prefix}gb"), "provision-vm");

        var answer = await hooks.PostAsync("github", body, WebhookSettings.GitHubSecret, Header, Headers());
        Assert.True(answer.Status == HttpStatusCode.Accepted, answer.Text);
        var id = Guid.Parse(WebhookClient.Id(answer));
        await stack.WaitForEndAsync(id, TimeSpan.FromMinutes(3));
        Assert.Equal("Succeeded", (await stack.GetRequestAsync(id)).GetProperty("status").GetString());

        var received = await Eventually.Until(() => Task.FromResult(WebhookSettings.GitHub.To(path)), r => r.Any(x => x.AnsweredWith == 201),
            TimeSpan.FromSeconds(30), "the comment on the issue");
        Assert.Equal([503, 201], received.Select(r => r.AnsweredWith));
        var comment = received[^1];
        Assert.Equal("POST", comment.Method);
        Assert.Equal($"Bearer {WebhookSettings.GitHubToken}", comment.Headers["Authorization"]);
        Assert.Equal("application/vnd.github+json", comment.Headers["Accept"]);
        Assert.Equal("2022-11-28", comment.Headers["X-GitHub-Api-Version"]);
        var text = JsonDocument.Parse(comment.Body).RootElement.GetProperty("body").GetString();
        Assert.Contains(id.ToString(), text, StringComparison.Ordinal);
        Assert.Contains("succeeded", text, StringComparison.Ordinal);

        var link = await Eventually.Until(() => hooks.LinkAsync(id), l => l!.Value.GetProperty("Comments").GetArrayLength() == 1, TimeSpan.FromSeconds(10), "the comment's outcome");
        var recorded = link!.Value.GetProperty("Comments")[0];
        Assert.Equal(201, recorded.GetProperty("HttpStatus").GetInt32());
        Assert.True(recorded.GetProperty("Posted").GetBoolean());

        // Rolled back by an operator: the ticket hears of that ending too, once; and the host is left clean.
        using var rollback = await stack.Http.PostAsync($"/api/requests/{id}/rollback", null);
        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        await stack.WaitForStatusAsync(id, TimeSpan.FromMinutes(2), "RolledBack");
        var after = await Eventually.Until(() => Task.FromResult(WebhookSettings.GitHub.To(path)), r => r.Count(x => x.AnsweredWith == 201) == 2,
            TimeSpan.FromSeconds(30), "the rollback's comment");
        Assert.Contains("rolled back", JsonDocument.Parse(after[^1].Body).RootElement.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, after.Count);
    }
}
