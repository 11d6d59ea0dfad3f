using System.Net;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Faults;

/// <summary>
/// A backlog is not a hung step: a request beyond its host's slots (every one held by a hung command) waits in the
/// engine for a slot, with no deadline running and nothing sent, and runs when one frees; the request succeeds.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class BacklogTests(FaultStack stack)
{
    [Fact]
    public async Task a_request_beyond_the_hosts_slots_waits_for_one_in_the_engine_runs_when_a_slot_frees_and_succeeds()
    {
        await using var scenario = stack.Begin("install-host waiting for a slot behind hung commands", stack.Vm("backlog"), stack.Bridge("blb"));
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
            // Every slot was taken: the engine kept the command until a hung one's timeout gave its slot back.
            var waited = Assert.Single(RequestJson.OfType(events, "step_awaiting_slot"));
            Assert.Equal("install-host", waited.GetProperty("data").GetProperty("step").GetString());
            var dispatched = Assert.Single(RequestJson.Dispatches(events, "Execute", "install-host"));
            var succeeded = RequestJson.OfType(events, "step_succeeded").Single(e => e.GetProperty("data").GetProperty("step").GetString() == "install-host");
            Assert.True(events.IndexOf(waited) < events.IndexOf(dispatched) && events.IndexOf(dispatched) < events.IndexOf(succeeded),
                $"install-host: wait, dispatch and success are out of order: {string.Join(", ", events.Select(e => e.GetProperty("type").GetString()))}");

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
