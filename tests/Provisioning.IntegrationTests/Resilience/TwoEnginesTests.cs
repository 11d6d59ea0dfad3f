using System.Net;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Resilience;

/// <summary>
/// Two control planes on one store and one broker (both consume results, both run the outbox
/// subscription with one hot leader, both poll deadlines) and one agent on libvirt's test driver.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class TwoEnginesTests
{
    private const int Requests = 20;
    private static readonly TimeSpan Saga = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task two_engines_on_twenty_requests_record_every_step_once()
    {
        await using var stack = await ResilienceStack.StartAsync("r1", controlPlaneCount: 2, "test:///default");

        Assert.Equal(2, (await stack.QueuesAsync())[stack.EngineQueue].Consumers);

        var ids = await stack.SubmitManyAsync(0, Requests);
        var board = await stack.WaitForAllAsync(ids, Saga, RequestStatuses.Terminal);
        Assert.True(board.Count("Succeeded") == Requests, $"{board}\n{stack.Tails()}");

        var streams = new Dictionary<Guid, IReadOnlyList<StreamEvent>>();
        foreach (var id in ids)
        {
            streams[id] = await stack.EventsAsync(id);
            StreamInvariants.AssertSucceededOnce(id, streams[id]);
        }

        // The agent acted once per command: every success answers a distinct command of its own stream.
        var causes = streams.Values.SelectMany(s => s.Where(e => e.Type == "step_succeeded").Select(e => e.CausationId)).ToList();
        Assert.Equal(Requests * ShippedWorkflow.ProvisionVm.Count, causes.Distinct().Count());
        // The shared bridge was created by exactly one of the twenty.
        var creators = streams.Where(s => s.Value.Any(e => e.Type == "step_succeeded" && e.Step == "create-bridge" && e.Json("outputs")?.GetProperty("bridgeCreated").GetBoolean() == true))
            .Select(s => s.Key).ToList();
        var creator = Assert.Single(creators);
        Assert.Equal(0, (await HostProbe.Ovs("br-exists", stack.Bridge)).ExitCode);

        // Undo the twenty, the bridge's creator last, so that its compensation finds no other user and removes the bridge.
        var others = ids.Where(id => id != creator).ToList();
        for (var i = 0; i < others.Count; i++) await RollBackAsync(stack, i, others[i]);
        var undone = await stack.WaitForAllAsync(others, Saga, "RolledBack", "RollbackFailed");
        Assert.True(undone.Count("RolledBack") == others.Count, $"{undone}\n{stack.Tails()}");
        await RollBackAsync(stack, 0, creator);
        var last = await stack.WaitForAllAsync([creator], Saga, "RolledBack", "RollbackFailed");
        Assert.True(last.Count("RolledBack") == 1, $"{last}\n{stack.Tails()}");

        foreach (var id in ids) StreamInvariants.AssertConsistent(id, await stack.EventsAsync(id), terminal: true);
        Assert.NotEqual(0, (await HostProbe.Ovs("br-exists", stack.Bridge)).ExitCode);
    }

    private static async Task RollBackAsync(ResilienceStack stack, int i, Guid id)
    {
        using var response = await stack.Api(i % stack.ControlPlanes.Count).PostAsync($"/api/requests/{id}/rollback", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
