using Provisioning.Domain.Steps;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Agent.Messaging;
using Provisioning.Agent.Steps;
using Provisioning.Agent.Tests.Steps;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Messaging;

/// <summary>
/// A command waiting for a slot has not started: stopping the agent gives it back to the queue untouched (no result,
/// so the engine does not spend a retry on it), and its redelivery runs it.
/// </summary>
public sealed class WaitingCommandTests : IDisposable
{
    private const string Holding = "holding-step";

    private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TestAgent agent;
    private readonly VmRequest request = VmRequest.New(TestAgent.HostName, TestRun.Name("w"));

    public WaitingCommandTests() =>
        agent = TestAgent.OnTestDriver(services => StubStep.Holding(entered, release).RegisterAs(services, Holding),
            new Dictionary<string, string?> { ["Agent:MaxConcurrentCommands"] = "1", ["Agent:CommandWindow"] = "4" });

    [Fact]
    public async Task a_command_waiting_for_a_slot_when_the_agent_stops_goes_back_unrun_and_its_redelivery_runs_it()
    {
        var running = agent.Runner.RunAsync(request.Command(Holding, StepMode.Execute), _ => Task.CompletedTask, CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var waiting = request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute);
        using var stopping = new CancellationTokenSource();
        var starts = 0;

        var first = agent.Runner.RunAsync(waiting, _ => Task.FromResult(Interlocked.Increment(ref starts)), stopping.Token);
        await Until(() => agent.Gate.Waiting == 1);
        await stopping.CancelAsync();

        await Assert.ThrowsAsync<CommandNotStartedException>(() => first);
        Assert.Equal(0, starts);
        release.SetResult();
        Assert.True((await running).Succeeded);

        var again = await agent.Runner.RunAsync(waiting, _ => Task.FromResult(Interlocked.Increment(ref starts)), CancellationToken.None);
        Assert.True(again.Succeeded, again.Error);
    }

    private static async Task Until(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("condition not met within 10 s");
            await Task.Delay(5);
        }
    }

    public void Dispose() => agent.Dispose();
}
