using System.Net;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Faults;

/// <summary>A request cancelled mid-flight stops, undoes what ran and ends <c>Cancelled</c>, recorded as the canceller's doing.</summary>
[Collection(FaultCollection.Name)]
public sealed class CancelTests(FaultStack stack)
{
    [Fact]
    public async Task a_request_cancelled_while_boot_waits_for_its_retry_is_undone_and_ends_cancelled_by_the_canceller()
    {
        await using var scenario = stack.Begin("cancel while boot waits for its retry", stack.Vm("cancel"), stack.Bridge("cnb"));
        // Boot's first attempt fails transiently: its retry waits a few seconds, a quiet point to cancel at
        // with the domain defined and its port attached.
        stack.AgentFaults.Add(new InjectedFault("boot", "FailTransient", scenario.Vm, Times: 1));

        var id = await stack.SubmitAsync(scenario.Vm, scenario.Bridge);
        await stack.Api.WaitUntilAsync(id, r => RequestJson.Step(r, "boot").GetProperty("status").GetString() == "RetryScheduled",
            FaultStack.SagaTimeout, "boot to wait for its second attempt");
        Assert.Equal(0, (await HostProbe.Virsh("dominfo", scenario.Vm)).ExitCode);

        Assert.Equal(HttpStatusCode.Accepted, await stack.Api.ActAsync(id, "cancel", @as: "bob"));
        var done = await stack.Api.WaitForEndAsync(id, FaultStack.SagaTimeout);

        Assert.True(done.GetProperty("status").GetString() == "Cancelled", $"request ended {RequestJson.Describe(done)}\n{stack.Agent.Tail()}");
        var events = await stack.Api.EventsAsync(id);
        var requested = Assert.Single(RequestJson.OfType(events, "cancel_requested"));
        Assert.Equal("bob", requested.GetProperty("actor").GetString());
        Assert.Equal("bob", requested.GetProperty("data").GetProperty("actor").GetString());
        Assert.Equal("bob", Assert.Single(RequestJson.OfType(events, "compensation_started")).GetProperty("data").GetProperty("actor").GetString());
        var cancelled = events[^1];
        Assert.Equal("request_cancelled", cancelled.GetProperty("type").GetString());
        Assert.Equal("bob", cancelled.GetProperty("data").GetProperty("actor").GetString());
        // The submitter stays the submitter.
        Assert.Equal("alice", events[0].GetProperty("actor").GetString());
        // Boot never ran again after the cancel.
        Assert.Single(RequestJson.Dispatches(events, "Execute", "boot"));

        await scenario.AssertHostCleanAsync(id);
    }
}
