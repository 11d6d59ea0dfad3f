using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Resilience;

/// <summary>
/// PostgreSQL stops in the middle of twenty requests, while the agent keeps answering, and comes back:
/// no answer is lost and every request ends.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class StoreRestartTests
{
    private const int Requests = 20;
    private static readonly TimeSpan Saga = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task every_request_reaches_an_end_when_postgresql_restarts_in_the_middle()
    {
        await using var stack = await ResilienceStack.StartAsync("r3", controlPlaneCount: 1, "test:///default");
        var ids = await stack.SubmitManyAsync(0, Requests);
        try
        {
            await Eventually.Until(() => stack.CountEventsAsync("step_succeeded"), n => n >= Requests, Saga, "some steps to succeed before the outage");

            var before = await stack.StatusesAsync(ids);
            Assert.True(before.Count(RequestStatuses.Terminal) < Requests, $"the work was over before the outage: {before}");
            await ServiceOutages.StopPostgresAsync();
            // The agent finishes what it holds and answers into the outage: those answers must survive it.
            await stack.WaitUntilDrainedAsync(stack.AgentQueue, TimeSpan.FromSeconds(30));
            await ServiceOutages.StartPostgresAsync();
        }
        finally
        {
            await ServiceOutages.EnsurePostgresUpAsync();
        }

        var board = await stack.WaitForAllAsync(ids, Saga, RequestStatuses.Terminal);
        Assert.True(board.Count("Succeeded", "RolledBack") == Requests, $"{board}\n{stack.Tails()}");
        foreach (var id in ids) StreamInvariants.AssertConsistent(id, await stack.EventsAsync(id), terminal: true);
    }
}
