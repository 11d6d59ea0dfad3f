using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Faults;

/// <summary>
/// A step that fails for good at any point of provision-vm: the request is rolled back, newest step first,
/// and the real host holds no domain, volume, port, network or bridge that the request created.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class PermanentFailureTests(FaultStack stack)
{
    private static readonly string[] Plan = ["install-host", "create-bridge", "create-seed", "define-domain", "attach-port", "boot"];

    [Theory]
    [InlineData("install-host")]
    [InlineData("create-bridge")]
    [InlineData("create-seed")]
    [InlineData("define-domain")]
    [InlineData("attach-port")]
    [InlineData("boot")]
    public async Task when_a_step_fails_for_good_the_request_rolls_back_and_the_host_holds_nothing_it_created(string step)
    {
        var index = Array.IndexOf(Plan, step);
        await using var scenario = stack.Begin($"permanent failure of {step}", stack.Vm($"perm{index}"), stack.Bridge($"p{index}b"));
        stack.AgentFaults.Add(new InjectedFault(step, "FailPermanent", scenario.Vm, Times: 1));

        var id = await stack.SubmitAsync(scenario.Vm, scenario.Bridge);
        var done = await stack.Api.WaitForEndAsync(id, FaultStack.SagaTimeout);

        Assert.True(done.GetProperty("status").GetString() == "RolledBack", $"request ended {RequestJson.Describe(done)}\n{stack.Agent.Tail()}");
        var events = await stack.Api.EventsAsync(id);
        var failed = Assert.Single(RequestJson.OfType(events, "step_failed"));
        Assert.Equal(step, failed.GetProperty("data").GetProperty("step").GetString());
        Assert.False(failed.GetProperty("data").GetProperty("transient").GetBoolean());

        // Nothing after the failing step ran; what ran is undone newest first, the failing step included
        // (it cleans up its own partial work). install-host has nothing to undo, so failing there
        // dispatches no compensation at all.
        Assert.Equal(Plan[..(index + 1)], RequestJson.Steps(RequestJson.Dispatches(events, "Execute")));
        var undone = Plan[1..(index + 1)].Reverse().ToList();
        Assert.Equal(undone, RequestJson.Steps(RequestJson.Dispatches(events, "Compensate")));
        Assert.Equal(undone, RequestJson.Steps(RequestJson.OfType(events, "step_compensated")));
        Assert.Equal("request_rolled_back", events[^1].GetProperty("type").GetString());

        await scenario.AssertHostCleanAsync(id);
    }
}
