using Provisioning.IntegrationTests.Resilience;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Admission;

/// <summary>
/// Per-host admission with real processes: two hundred requests on one host with four slots. The engine never has more
/// than four commands outstanding there (sent and not answered, as it counts them), so the host's queue never fills up
/// and no schedule-to-start allowance can run out; the rest wait in the engine as "awaiting a slot", with no deadline,
/// and every request succeeds.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class HostAdmissionTests
{
    private const int Requests = 200;
    private const int Slots = 4;
    private static readonly TimeSpan Saga = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task two_hundred_requests_on_a_host_with_four_slots_never_have_more_than_four_commands_outstanding_and_all_succeed()
    {
        await using var stack = await ResilienceStack.StartAsync("a1", controlPlaneCount: 1, "test:///default", new Dictionary<string, string>
        {
            ["Engine__MaxOutstandingPerHost"] = Slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var sampling = new CancellationTokenSource();
        var samples = Sample(stack, sampling.Token);

        var ids = await stack.SubmitManyAsync(0, Requests);
        var board = await stack.WaitForAllAsync(ids, Saga, RequestStatuses.Terminal);
        await sampling.CancelAsync();
        var (outstanding, queued, count) = await samples;

        Assert.True(board.Count("Succeeded") == Requests, $"{board}\n{stack.Tails()}");
        Assert.True(count > 10, $"only {count} samples were taken");
        Assert.True(outstanding <= Slots, $"up to {outstanding} commands were outstanding on the host, more than its {Slots} slots");
        // The queue counts a command until the agent acknowledges it, just after its result left: a result the engine
        // already took (and whose slot it already gave on) can still be there, so at most one more per slot.
        Assert.True(queued <= 2 * Slots, $"up to {queued} commands were in the host's queue");
        // Submitted faster than they run: many wait for a slot (none would without admission).
        Assert.True(await stack.CountEventsAsync("step_awaiting_slot") > 0, "no request waited for a slot");
        Assert.Equal(0, await stack.CountEventsAsync("step_awaiting_start"));
        Assert.Equal(0, await stack.CountEventsAsync("step_timed_out"));
        foreach (var id in ids.Take(20)) StreamInvariants.AssertSucceededOnce(id, await stack.EventsAsync(id));
    }

    /// <summary>The most commands outstanding on the host as the engine counts them, and the most in its queue, while sampled.</summary>
    private static async Task<(long Outstanding, long Queued, int Count)> Sample(ResilienceStack stack, CancellationToken ct)
    {
        long outstanding = 0, queued = 0;
        var count = 0;
        var host = stack.AgentHost.ToLowerInvariant();
        while (!ct.IsCancellationRequested)
        {
            outstanding = Math.Max(outstanding, await stack.Store.ScalarAsync<long>(
                "select count(*) from {schema}.mt_doc_stepdeadline where data->>'Kind' = 'timeout' and data->>'Host' = @host",
                new Dictionary<string, object> { ["host"] = host }, CancellationToken.None));
            if ((await stack.QueuesAsync()).GetValueOrDefault(stack.AgentQueue) is { } depth) queued = Math.Max(queued, depth.Ready + depth.Unacknowledged);
            count++;
            try
            {
                await Task.Delay(100, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return (outstanding, queued, count);
    }
}
