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
                await stack.Api.WaitUntilAsync(blockerId, r => SagaClient.Step(r, "install-host").GetProperty("status").GetString() == "Running",
                    TimeSpan.FromSeconds(30), $"blocker {blockerId} to hold a slot");
            }

            var id = await stack.SubmitAsync(scenario.Vm, scenario.Bridge);
            var done = await stack.Api.WaitForStatusAsync(id, FaultStack.SagaTimeout, SagaClient.Terminal);

            Assert.True(done.GetProperty("status").GetString() == "Succeeded", $"request ended {SagaClient.Describe(done)}\n{FaultStack.Tail(stack.Agent)}");
            var events = await stack.Api.EventsAsync(id);
            Assert.Empty(SagaClient.OfType(events, "step_timed_out"));
            // Its deadline passed while it waited: the engine saw an answering host and waited on instead of timing it out.
            var queued = Assert.Single(SagaClient.OfType(events, "step_awaiting_start"));
            Assert.Equal("install-host", queued.GetProperty("data").GetProperty("step").GetString());

            // It really ran after its timeout had passed (a quick step's result carries its start).
            var dispatched = Assert.Single(SagaClient.Dispatches(events, "Execute", "install-host")).GetProperty("data");
            var succeeded = SagaClient.OfType(events, "step_succeeded").Single(e => e.GetProperty("data").GetProperty("step").GetString() == "install-host").GetProperty("data");
            var waited = succeeded.GetProperty("startedAt").GetDateTimeOffset() - dispatched.GetProperty("dispatchedAt").GetDateTimeOffset();
            Assert.True(waited.TotalSeconds > TestWorkflows.StepTimeoutSeconds, $"install-host started {waited.TotalSeconds:0.0} s after its dispatch, within its timeout");

            Assert.Equal("running", (await Cli.Virsh("domstate", scenario.Vm)).EnsureSuccess("virsh domstate").Stdout.Trim());
            Assert.Equal(HttpStatusCode.Accepted, await stack.Api.ActAsync(id, "rollback"));
            var undone = await stack.Api.WaitForStatusAsync(id, FaultStack.SagaTimeout, "RolledBack", "RollbackFailed");
            Assert.True(undone.GetProperty("status").GetString() == "RolledBack", $"rollback ended {SagaClient.Describe(undone)}");
            await scenario.AssertHostCleanAsync(id);
        }
        finally
        {
            // The blockers' own steps ran (hung) past their timeouts from their starts: each times out and rolls back.
            foreach (var (blocker, blockerId) in blockers)
            {
                var end = await stack.Api.WaitForStatusAsync(blockerId, FaultStack.SagaTimeout, SagaClient.Terminal);
                Assert.Equal("RolledBack", end.GetProperty("status").GetString());
                await blocker.AssertHostCleanAsync(blockerId);
                await blocker.DisposeAsync();
            }
        }
    }
}
