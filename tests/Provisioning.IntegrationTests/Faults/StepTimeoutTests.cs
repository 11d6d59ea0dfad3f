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

        // The deadline is the workflow's, not an artefact of the agent: dispatched with attach-port's timeout, set by the
        // start to that start plus the timeout (never earlier than the dispatch's), and the timeout recorded after the start, no sooner than that deadline.
        var dispatched = Assert.Single(RequestJson.Dispatches(events, "Execute", "attach-port"));
        Assert.Equal(TestWorkflows.AttachPortTimeoutSeconds, dispatched.GetProperty("data").GetProperty("timeoutSeconds").GetInt32());
        var started = Assert.Single(RequestJson.OfType(events, "step_started_on_host"), e => e.GetProperty("data").GetProperty("step").GetString() == "attach-port");
        var deadline = started.GetProperty("data").GetProperty("deadlineAt").GetDateTimeOffset();
        var fromStart = started.GetProperty("data").GetProperty("startedAt").GetDateTimeOffset().AddSeconds(TestWorkflows.AttachPortTimeoutSeconds);
        var dispatchedDeadline = dispatched.GetProperty("data").GetProperty("deadlineAt").GetDateTimeOffset();
        Assert.Equal(fromStart > dispatchedDeadline ? fromStart : dispatchedDeadline, deadline);
        Assert.True(events.IndexOf(dispatched) < events.IndexOf(started) && events.IndexOf(started) < events.IndexOf(timedOut), "dispatch, start and timeout are out of order");
        Assert.True(timedOut.GetProperty("data").GetProperty("at").GetDateTimeOffset() >= deadline, $"timed out before its deadline {deadline:O}: {timedOut}");
        Assert.True(events.IndexOf(timedOut) < events.IndexOf(RequestJson.Dispatches(events, "Compensate")[0]), "compensation began before the timeout");

        var undone = ShippedWorkflow.ProvisionVmUndoable.TakeWhile(s => s != "boot").Reverse();
        Assert.Equal(undone, RequestJson.Steps(RequestJson.Dispatches(events, "Compensate")));
        Assert.Empty(RequestJson.Dispatches(events, "Execute", "boot"));
        await scenario.AssertHostCleanAsync(id);
    }
}
