using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Resilience;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Admission;

/// <summary>
/// Past a host's backlog a submission is refused at the door: 429 with Retry-After and problem+json, and nothing is
/// stored or sent. Every submission that was accepted runs to its end.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class BacklogRefusalTests
{
    private const int Submissions = 40;

    [Fact]
    public async Task submissions_beyond_a_full_backlog_get_429_with_retry_after_and_leave_nothing_while_the_accepted_ones_run()
    {
        await using var stack = await ResilienceStack.StartAsync("b4", controlPlaneCount: 1, "test:///default", new Dictionary<string, string>
        {
            ["Engine__MaxOutstandingPerHost"] = "1",
            ["Engine__MaxBacklogPerHost"] = "3",
        });
        var api = stack.Api(0);

        var answers = await Task.WhenAll(Enumerable.Range(0, Submissions).Select(async i =>
        {
            using var response = await api.PostAsJsonAsync("/api/requests", new
            {
                workflow = "provision-vm", ticket = $"{stack.Sub}-T",
                parameters = StackApi.VmParameters($"{stack.Sub}-vm{i:00}", stack.AgentHost, stack.Bridge, 100),
            });
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta, response.Content.Headers.ContentType?.MediaType,
                Body: await response.Content.ReadFromJsonAsync<JsonElement>());
        }));

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        var accepted = answers.Where(a => a.StatusCode == HttpStatusCode.Accepted).Select(a => a.Body.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(Submissions, refused.Count + accepted.Count);
        Assert.True(refused.Count > 0, $"none of {Submissions} was refused; {await stack.CountEventsAsync("step_awaiting_slot")} waited for a slot");
        Assert.All(refused, r =>
        {
            Assert.Equal(TimeSpan.FromSeconds(30), r.RetryAfter);
            Assert.Equal("application/problem+json", r.MediaType);
            Assert.Equal("https://provisioning.dev/problems/backlog-full", r.Body.GetProperty("type").GetString());
            Assert.Contains($"host {stack.AgentHost} has", r.Body.GetProperty("detail").GetString());
        });

        // Nothing of a refused submission was stored: the store holds exactly the accepted requests.
        Assert.Equal(accepted.Count, await stack.CountEventsAsync("request_submitted"));
        var board = await stack.WaitForAllAsync(accepted, TimeSpan.FromMinutes(3), RequestStatuses.Terminal);
        Assert.True(board.Count("Succeeded") == accepted.Count, $"{board}\n{stack.Tails()}");
    }
}
