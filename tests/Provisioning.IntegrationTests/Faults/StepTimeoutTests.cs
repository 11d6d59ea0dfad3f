using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Faults;

/// <summary>
/// An agent that never answers in time: the engine's stored deadline fires, the step counts as timed out
/// (it may have happened), and everything is compensated, the timed-out step included.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class StepTimeoutTests(FaultStack stack)
{
    [Fact]
    public async Task when_attach_port_hangs_past_its_timeout_the_request_is_compensated_and_rolled_back()
    {
        await using var scenario = stack.Begin("hang of attach-port past its timeout", stack.Vm("hang"), stack.Bridge("hgb"));
        stack.AgentFaults.Add(new InjectedFault("attach-port", "Hang", scenario.Vm, Times: 1));

        var id = await stack.SubmitAsync(scenario.Vm, scenario.Bridge);
        var done = await stack.Api.WaitForEndAsync(id, FaultStack.SagaTimeout);

        Assert.True(done.GetProperty("status").GetString() == "RolledBack", $"request ended {RequestJson.Describe(done)}\n{stack.Agent.Tail()}");
        var events = await stack.Api.EventsAsync(id);
        var timedOut = Assert.Single(RequestJson.OfType(events, "step_timed_out"));
        Assert.Equal("attach-port", timedOut.GetProperty("data").GetProperty("step").GetString());
        Assert.Empty(RequestJson.OfType(events, "step_failed"));

        // The deadline is the workflow's, not an artefact of the agent: it fired no sooner than the timeout.
        var dispatched = Assert.Single(RequestJson.Dispatches(events, "Execute", "attach-port"));
        var waited = timedOut.GetProperty("data").GetProperty("at").GetDateTimeOffset() - dispatched.GetProperty("data").GetProperty("dispatchedAt").GetDateTimeOffset();
        Assert.InRange(waited.TotalSeconds, TestWorkflows.AttachPortTimeoutSeconds, TestWorkflows.AttachPortTimeoutSeconds + 5);

        Assert.Equal(["attach-port", "define-domain", "create-bridge"], RequestJson.Steps(RequestJson.Dispatches(events, "Compensate")));
        Assert.Empty(RequestJson.Dispatches(events, "Execute", "boot"));
        await scenario.AssertHostCleanAsync(id);
    }
}
