using System.Net;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Faults;

/// <summary>
/// A backlog is not a hung step: a command that waits in the queue of a busy but answering agent longer than its
/// step's timeout still runs, its timeout counted from its start, and the request succeeds.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class BacklogTests(FaultStack stack)
{
    [Fact]
    public async Task a_command_queued_behind_busy_slots_past_its_timeout_runs_when_a_slot_frees_and_the_request_succeeds()
    {
        await using var scenario = stack.Begin("install-host queued past its timeout behind hung commands", stack.Vm("backlog"), stack.Bridge("blb"));
        // Every slot of the agent held by an install-host that hangs past its 30 s timeout (it answers 15 s after it).
        var blockers = new List<(FaultScenario Scenario, Guid Id)>();
        try
        {
            for (var i = 0; i < FaultStack.AgentSlots; i++)
            {
                var blocker = stack.Begin($"blocker {i}", stack.Vm($"blocker{i}"), stack.Bridge($"bk{i}"));
                stack.AgentFaults.Add(new InjectedFault("install-host", "Hang", blocker.Vm, Times: 1));
                blockers.Add((blocker, await stack.SubmitAsync(blocker.Vm, blocker.Bridge)));
            }
            foreach (var (_, blockerId) in blockers)
            {
                await stack.Api.WaitUntilAsync(blockerId, r => RequestJson.Step(r, "install-host").GetProperty("status").GetString() == "Running",
                    TimeSpan.FromSeconds(30), $"blocker {blockerId} to hold a slot");
            }

            var id = await stack.SubmitAsync(scenario.Vm, scenario.Bridge);
            var done = await stack.Api.WaitForEndAsync(id, FaultStack.SagaTimeout);

            Assert.True(done.GetProperty("status").GetString() == "Succeeded", $"request ended {RequestJson.Describe(done)}\n{stack.Agent.Tail()}");
            var events = await stack.Api.EventsAsync(id);
            Assert.Empty(RequestJson.OfType(events, "step_timed_out"));
            // Its deadline passed while it waited: the engine saw an answering host and waited on instead of timing it out.
            var queued = Assert.Single(RequestJson.OfType(events, "step_awaiting_start"));
            Assert.Equal("install-host", queued.GetProperty("data").GetProperty("step").GetString());

            // It really ran after its timeout had passed: dispatched, still queued at its deadline, and only then done, in that order.
            var dispatched = Assert.Single(RequestJson.Dispatches(events, "Execute", "install-host"));
            var succeeded = RequestJson.OfType(events, "step_succeeded").Single(e => e.GetProperty("data").GetProperty("step").GetString() == "install-host");
            Assert.True(events.IndexOf(dispatched) < events.IndexOf(queued) && events.IndexOf(queued) < events.IndexOf(succeeded),
                $"install-host: dispatch, still-queued and success are out of order: {string.Join(", ", events.Select(e => e.GetProperty("type").GetString()))}");

            Assert.Equal("running", (await HostProbe.Virsh("domstate", scenario.Vm)).EnsureSuccess("virsh domstate").Stdout.Trim());
            Assert.Equal(HttpStatusCode.Accepted, await stack.Api.ActAsync(id, "rollback"));
            var undone = await stack.Api.WaitForStatusAsync(id, FaultStack.SagaTimeout, "RolledBack", "RollbackFailed");
            Assert.True(undone.GetProperty("status").GetString() == "RolledBack", $"rollback ended {RequestJson.Describe(undone)}");
            await scenario.AssertHostCleanAsync(id);
        }
        finally
        {
            // The blockers' own steps ran (hung) past their timeouts from their starts: each times out and rolls back.
            foreach (var (blocker, blockerId) in blockers)
            {
                var end = await stack.Api.WaitForEndAsync(blockerId, FaultStack.SagaTimeout);
                Assert.Equal("RolledBack", end.GetProperty("status").GetString());
                await blocker.AssertHostCleanAsync(blockerId);
                await blocker.DisposeAsync();
            }
        }
    }
}
