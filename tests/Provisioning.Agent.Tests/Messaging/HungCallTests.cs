using Provisioning.Agent.Tests.Steps;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Testing;
using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Tests.Messaging;

/// <summary>
/// A step whose call never returns (libvirt blocked in native code, deaf to cancellation) is answered as timed out on
/// time, but keeps its slot until the call returns: the host never runs more at once than the agent's slots.
/// </summary>
public sealed class HungCallTests : IDisposable
{
    private const string Stuck = "stuck-step";

    private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource returns = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TestAgent agent;

    public HungCallTests() => agent = TestAgent.OnTestDriver(
        services => new StubStep(async (_, _) =>
        {
            entered.TrySetResult();
            await returns.Task; // ignores its token, as a native call does
            return null;
        }).RegisterAs(services, Stuck),
        new Dictionary<string, string?> { ["Agent:MaxConcurrentCommands"] = "1" });

    [Fact]
    public async Task a_call_that_outlives_its_timeout_is_answered_on_time_and_keeps_its_slot_until_it_returns()
    {
        var request = VmRequest.New(TestAgent.HostName, TestRun.Name("h"));
        var stuck = await agent.Runner.RunAsync(request.Command(Stuck, StepMode.Execute, timeoutSeconds: 1), _ => Task.CompletedTask, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(stuck.Succeeded);
        Assert.Contains("timed out after 1s", stuck.Error);

        var next = agent.Runner.RunAsync(request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute), _ => Task.CompletedTask, CancellationToken.None);
        await Eventually.Until(() => agent.Gate.Waiting == 1, TimeSpan.FromSeconds(10), "the next command to wait for the slot");
        Assert.False(next.IsCompleted, "a second step ran while the only slot's call still ran");

        returns.SetResult();
        var defined = await next.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(defined.Succeeded, defined.Error);
        Assert.True((await agent.Compensate(request, StepCatalog.DefineDomain.Name, defined.Outputs)).Succeeded);
    }

    public void Dispose()
    {
        returns.TrySetResult();
        agent.Dispose();
    }
}
