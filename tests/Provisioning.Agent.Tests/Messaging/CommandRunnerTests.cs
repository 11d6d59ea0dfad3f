using Provisioning.Domain.Steps;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Steps;
using Provisioning.Agent.Tests.Steps;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Messaging;

/// <summary>The agent's protocol rules: one result per command, deduplicated, never an exception.</summary>
public sealed class CommandRunnerTests : IDisposable
{
    private const string Slow = "slow-step";
    private const string Throwing = "throwing-step";

    private readonly TaskCompletionSource compensating = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource unblock = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TestAgent agent;

    private readonly LibvirtConnection probe = LibvirtConnection.Open("test:///default");
    private readonly VmRequest request = VmRequest.New(TestAgent.HostName, TestRun.Name("b"));

    public CommandRunnerTests() => agent = TestAgent.OnTestDriver(services =>
    {
        // Its execution takes 200 ms; its compensation blocks until the test unblocks it, deaf to cancellation like a
        // libvirt call blocked in native code.
        new StubStep(
            async (_, ct) =>
            {
                await Task.Delay(200, ct);
                return null;
            },
            async (_, _) =>
            {
                compensating.TrySetResult();
                await unblock.Task;
                return StepOutcome.Ok(UndoReport.Nothing);
            }).RegisterAs(services, Slow);
        StubStep.Throwing(new IOException("ovsdb went away")).RegisterAs(services, Throwing);
    });

    [Fact]
    public async Task a_redelivered_command_is_answered_with_its_known_result_without_touching_the_host()
    {
        var command = request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute);
        var started = 0;
        var first = await agent.Runner.RunAsync(command, _ => Task.FromResult(Interlocked.Increment(ref started)), CancellationToken.None);
        Assert.True(first.Succeeded, first.Error);

        // Behind the agent's back: were the command run again, it would define the domain anew.
        probe.UndefineDomain(request.DomainUuid);
        var again = await agent.Runner.RunAsync(command, _ => Task.FromResult(Interlocked.Increment(ref started)), CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(1, started);
        Assert.Null(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public async Task two_deliveries_of_one_command_at_once_run_it_once()
    {
        var command = request.Command(Slow, StepMode.Execute);
        var started = 0;
        var runs = Enumerable.Range(0, 2)
            .Select(_ => agent.Runner.RunAsync(command, _ => Task.FromResult(Interlocked.Increment(ref started)), CancellationToken.None))
            .ToList();
        var results = await Task.WhenAll(runs);

        Assert.Equal(results[0], results[1]);
        Assert.Equal(1, started);
        Assert.Equal(1, results[0].Outputs!.Value.GetProperty("run").GetInt32());
    }

    [Fact]
    public async Task a_command_for_another_host_fails_permanently_and_runs_nothing()
    {
        var command = request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute) with { Host = "elsewhere" };
        var result = await agent.Runner.RunAsync(command, _ => throw new InvalidOperationException("must not start"), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Equal(TestAgent.HostName, result.Host);
        Assert.Null(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public async Task an_unknown_step_fails_permanently()
    {
        var result = await agent.Runner.RunAsync(request.Command("format-disk", StepMode.Execute), _ => Task.CompletedTask, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Contains("format-disk", result.Error);
    }

    [Fact]
    public async Task a_command_named_like_a_compensation_is_an_unknown_step_and_changes_nothing()
    {
        // The engine sends the step's own name with the mode; an undo's name (undefine-domain) is no step of its own.
        Assert.True((await agent.Execute(request, StepCatalog.DefineDomain.Name)).Succeeded);
        var result = await agent.Runner.RunAsync(request.Command("undefine-domain", StepMode.Compensate), _ => Task.CompletedTask, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.NotNull(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public async Task a_step_past_its_timeout_is_answered_as_a_transient_failure_while_it_still_runs()
    {
        var command = request.Command(Slow, StepMode.Compensate, timeoutSeconds: 1);
        var result = await agent.Runner.RunAsync(command, _ => Task.CompletedTask, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60)); // a runner that waited for the blocked step would never answer

        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Transient, result.ErrorKind);
        Assert.Contains("timed out after 1s", result.Error);
        // In this order: the step began, then the answer came while the step was blocked (it returns only once unblocked, below).
        Assert.True(compensating.Task.IsCompleted, "answered before the step began");

        // Nothing the step does after its answer counts: once it returns, the command's answer is still the timeout.
        unblock.SetResult();
        var again = await agent.Runner.RunAsync(command, _ => throw new InvalidOperationException("must not start again"), CancellationToken.None);
        Assert.Equal(result, again);
    }

    [Fact]
    public async Task an_exception_in_a_step_becomes_a_classified_failed_result()
    {
        var result = await agent.Runner.RunAsync(request.Command(Throwing, StepMode.Execute), _ => Task.CompletedTask, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Transient, result.ErrorKind);
        Assert.Contains("ovsdb went away", result.Error);
    }

    public void Dispose()
    {
        unblock.TrySetResult();
        if (probe.FindDomain(request.DomainUuid) is not null) probe.UndefineDomain(request.DomainUuid);
        if (probe.FindPool(agent.Options.StoragePool) is not null)
        {
            foreach (var volume in probe.ListVolumes(agent.Options.StoragePool)) probe.DeleteVolume(agent.Options.StoragePool, volume.Name);
            probe.DeletePool(agent.Options.StoragePool);
        }
        probe.Dispose();
        agent.Dispose();
    }
}
