using System.Net;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Faults;

/// <summary>
/// The control plane dies (SIGKILL) after a dispatch was appended and before the outbox sent it: the
/// event store is the outbox, so the restarted engine sends that very command and the request goes on.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class EngineCrashTests(FaultStack stack)
{
    [Fact]
    public async Task when_the_engine_is_killed_before_forwarding_create_bridge_the_restarted_engine_delivers_it_and_the_request_succeeds()
    {
        await using var scenario = stack.Begin("engine killed before forwarding create-bridge, restarted", stack.Vm("enginekill"), stack.Bridge("ekb"));
        stack.EngineFaults.Add(new InjectedFault("create-bridge", "KillBeforeForward", scenario.Vm, Times: 1));

        var id = await stack.SubmitAsync(scenario.Vm, scenario.Bridge);
        await stack.RestartAfterCrashAsync(stack.ControlPlane, TimeSpan.FromSeconds(60));
        var done = await stack.Api.WaitForEndAsync(id, FaultStack.SagaTimeout);

        Assert.True(done.GetProperty("status").GetString() == "Succeeded", $"request ended {RequestJson.Describe(done)}\n{stack.ControlPlane.Tail()}");
        Assert.Contains("FAULT INJECTION: killing process", stack.ControlPlane.Output, StringComparison.Ordinal);

        // The command stored before the crash is the one that ran: one dispatch, answered once.
        var events = await stack.Api.EventsAsync(id);
        var dispatch = Assert.Single(RequestJson.Dispatches(events, "Execute", "create-bridge"));
        var succeeded = Assert.Single(RequestJson.OfType(events, "step_succeeded"), e => e.GetProperty("data").GetProperty("step").GetString() == "create-bridge");
        Assert.Equal(dispatch.GetProperty("id").GetGuid(), succeeded.GetProperty("data").GetProperty("commandId").GetGuid());
        Assert.Empty(RequestJson.OfType(events, "step_timed_out"));

        Assert.Equal(0, (await HostProbe.Ovs("br-exists", scenario.Bridge)).ExitCode);
        Assert.Equal("running", (await HostProbe.Virsh("domstate", scenario.Vm)).EnsureSuccess("virsh domstate").Stdout.Trim());

        Assert.Equal(HttpStatusCode.Accepted, await stack.Api.ActAsync(id, "rollback"));
        var undone = await stack.Api.WaitForStatusAsync(id, FaultStack.SagaTimeout, "RolledBack", "RollbackFailed");
        Assert.True(undone.GetProperty("status").GetString() == "RolledBack", $"rollback ended {RequestJson.Describe(undone)}");
        await scenario.AssertHostCleanAsync(id);
    }
}
