using System.Net.Http.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Resilience;

/// <summary>
/// PostgreSQL is away for three minutes under fifty requests in flight, while the agent goes on answering: the outage
/// is waited out, not turned into failures. The results wait (in the queue, and in the consumer's retries, which last as
/// long as the outage) instead of going to an error queue, no step is timed out for an answer that was on its way, and
/// every request succeeds.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class StoreOutageTests
{
    private const int Requests = 50;
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Saga = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task fifty_requests_through_a_three_minute_postgresql_outage_all_succeed_with_nothing_rolled_back_or_in_an_error_queue()
    {
        // Fast heartbeats and short step timeouts (30 s, the test workflows): the outage outlasts every one of them.
        var temp = Directory.CreateTempSubdirectory(TestSettings.Prefix + "-pgout-").FullName;
        await using var stack = await ResilienceStack.StartAsync("p3", controlPlaneCount: 1, "test:///default", new Dictionary<string, string>
        {
            ["Engine__WorkflowsDirectory"] = TestWorkflows.WriteTo(Path.Combine(temp, "workflows"), uniform: true),
            ["Agent__HeartbeatSeconds"] = "2",
        }, removeAfterwards: temp);
        var ids = await stack.SubmitManyAsync(0, Requests);
        var during = new List<string>();
        try
        {
            await Eventually.Until(() => stack.CountEventsAsync("step_succeeded"), n => n >= Requests, Saga, "requests to get going before the outage");
            await ServiceOutages.StopPostgresAsync();
            var down = System.Diagnostics.Stopwatch.StartNew();
            // Meanwhile the API answers 503 problem details with Retry-After, never a 500, for reads and submissions alike.
            using (var read = await stack.Api(0).GetAsync($"/api/requests/{ids[0]}"))
            {
                during.Add(await AnswerAsync("read", read));
            }
            using (var submit = await stack.Api(0).PostAsJsonAsync("/api/requests",
                       new { workflow = "provision-vm", parameters = StackApi.VmParameters($"{stack.Sub}-late", stack.AgentHost, stack.Bridge, 100) }))
            {
                during.Add(await AnswerAsync("submission", submit));
            }
            if (Outage > down.Elapsed) await Task.Delay(Outage - down.Elapsed); // the fault's length, not a wait for a condition
            await ServiceOutages.StartPostgresAsync();
        }
        finally
        {
            await ServiceOutages.EnsurePostgresUpAsync();
        }
        Assert.All(during, answer => Assert.True(answer.EndsWith(": 503 application/problem+json Retry-After 5", StringComparison.Ordinal), answer));

        var board = await stack.WaitForAllAsync(ids, Saga, RequestStatuses.Terminal);
        Assert.True(board.Count("Succeeded") == Requests, $"{board}\n{stack.Tails()}");
        Assert.Equal(0, await stack.CountEventsAsync("step_timed_out"));
        Assert.Equal(0, await stack.CountEventsAsync("compensation_started"));
        var errors = (await stack.QueuesAsync()).Where(q => q.Key.EndsWith("_error", StringComparison.Ordinal) && q.Value.Messages > 0).ToList();
        Assert.True(errors.Count == 0, $"messages in error queues: {string.Join(", ", errors.Select(q => $"{q.Key}={q.Value.Messages}"))}");
        foreach (var id in ids) StreamInvariants.AssertConsistent(id, await stack.EventsAsync(id), terminal: true);
    }

    private static async Task<string> AnswerAsync(string what, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return $"{what} ({body[..Math.Min(200, body.Length)]}): {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} Retry-After {response.Headers.RetryAfter?.Delta?.TotalSeconds}";
    }
}
