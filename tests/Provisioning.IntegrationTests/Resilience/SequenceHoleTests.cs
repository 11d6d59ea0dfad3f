using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Resilience;

/// <summary>
/// An agent's StepStarted and StepResult for one command reach the engine together and are consumed
/// concurrently. The losing write must not leave a hole in the event sequence: the outbox (the async
/// daemon) stops at every hole until it is judged stale (3 s), so holes delay every request's next command.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class SequenceHoleTests
{
    private const int Requests = 10;
    private static readonly TimeSpan Saga = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task racing_answers_for_one_request_leave_no_hole_in_the_event_sequence()
    {
        await using var stack = await ResilienceStack.StartAsync("r5", controlPlaneCount: 1, "test:///default");

        var ids = await stack.SubmitManyAsync(0, Requests);
        var board = await stack.WaitForAllAsync(ids, Saga, RequestStatuses.Terminal);
        Assert.True(board.Count("Succeeded") == Requests, $"{board}\n{stack.Tails()}");
        foreach (var id in ids) StreamInvariants.AssertSucceededOnce(id, await stack.EventsAsync(id));

        Assert.Equal(0, await stack.SequenceHolesAsync());
    }
}
