using Provisioning.Domain.Steps;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Steps;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;
using Provisioning.Hosting.Faults;

namespace Provisioning.Agent.Tests.Faults;

/// <summary>
/// Faults injected into the real <c>CommandRunner</c> on the libvirt test driver: the engine is told the step
/// started, gets the injected failure, and the host is left untouched.
/// </summary>
public sealed class InjectedFailureTests : IDisposable
{
    private readonly TempFaultFile faults = new();
    private readonly string pool = TestRun.Name("pool");
    private readonly TestAgent agent;
    private readonly LibvirtConnection probe = LibvirtConnection.Open("test:///default");
    private readonly VmRequest request = VmRequest.New(TestAgent.HostName, TestRun.Name("b"));

    public InjectedFailureTests() => agent = Agent();

    /// <summary>An agent with fault injection from this test's file, on <paramref name="clock"/> when given.</summary>
    private TestAgent Agent(TimeProvider? clock = null) =>
        TestAgent.Start("test:///default", pool, Path.Combine(Path.GetTempPath(), pool),
            clock is null ? null : services => services.AddSingleton(clock),
            new Dictionary<string, string?>
            {
                ["Agent:Faults:Enabled"] = "true",
                ["Agent:Faults:File"] = faults.Path,
            });

    [Fact]
    public async Task a_transient_fault_fails_define_domain_its_count_of_times_without_defining_it_then_lets_it_run()
    {
        faults.Write(new FaultRule(StepCatalog.DefineDomain.Name, FaultKind.FailTransient, Vm: request.Name, Times: 2));

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var started = 0;
            var failed = await agent.Runner.RunAsync(request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute), _ => Task.FromResult(++started), CancellationToken.None);

            Assert.Equal(1, started);
            Assert.False(failed.Succeeded);
            Assert.Equal(StepErrorKind.Transient, failed.ErrorKind);
            Assert.Equal("injected transient fault", failed.Error);
            Assert.Null(probe.FindDomain(request.DomainUuid));
            Assert.Equal(2 - attempt, Assert.Single(faults.Rules).Times);
        }

        var third = await agent.Execute(request, StepCatalog.DefineDomain.Name);
        Assert.True(third.Succeeded, third.Error);
        Assert.NotNull(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public async Task a_permanent_fault_fails_the_step_permanently_without_touching_the_host()
    {
        faults.Write(new FaultRule(StepCatalog.DefineDomain.Name, FaultKind.FailPermanent, Times: 1));

        var result = await agent.Execute(request, StepCatalog.DefineDomain.Name);

        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Equal("injected permanent fault", result.Error);
        Assert.Equal(TestAgent.HostName, result.Host);
        Assert.Null(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public async Task fail_forever_fails_a_compensation_every_time_and_leaves_the_domain_in_place()
    {
        Assert.True((await agent.Execute(request, StepCatalog.DefineDomain.Name)).Succeeded);
        faults.Write(new FaultRule(StepCatalog.DefineDomain.Name, FaultKind.FailForever, StepMode.Compensate, Times: 1));

        for (var i = 0; i < 3; i++)
        {
            var result = await agent.Compensate(request, StepCatalog.DefineDomain.Name);
            Assert.Equal((false, StepErrorKind.Transient, "injected transient fault"), (result.Succeeded, result.ErrorKind, result.Error));
        }
        Assert.NotNull(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public async Task a_fault_for_another_vm_leaves_this_request_alone()
    {
        faults.Write(new FaultRule(StepCatalog.DefineDomain.Name, FaultKind.FailPermanent, Vm: request.Name + "x"));

        var result = await agent.Execute(request, StepCatalog.DefineDomain.Name);

        Assert.True(result.Succeeded, result.Error);
        Assert.NotNull(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public async Task a_fault_file_changed_while_the_agent_runs_applies_to_the_next_command()
    {
        Assert.True((await agent.Execute(request, StepCatalog.DefineDomain.Name)).Succeeded);
        faults.Write(new FaultRule(StepCatalog.DefineDomain.Name, FaultKind.FailPermanent, StepMode.Compensate));
        Assert.False((await agent.Compensate(request, StepCatalog.DefineDomain.Name)).Succeeded);

        File.WriteAllText(faults.Path, "");
        var undone = await agent.Compensate(request, StepCatalog.DefineDomain.Name);

        Assert.True(undone.Succeeded, undone.Error);
        Assert.Null(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public async Task an_invalid_fault_file_injects_nothing()
    {
        File.WriteAllText(faults.Path, "{ \"rules\": [ { \"step\": ");

        var result = await agent.Execute(request, StepCatalog.DefineDomain.Name);

        Assert.True(result.Succeeded, result.Error);
    }

    [Fact]
    public async Task a_hang_answers_only_after_the_commands_timeout_and_touches_nothing()
    {
        faults.Write(new FaultRule(StepCatalog.DefineDomain.Name, FaultKind.Hang, Times: 1));
        // On a clock that moves only when this test moves it: the order of the timeout and the answer is the agent's own.
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using var hanging = Agent(clock);
        var timeout = TimeSpan.FromSeconds(1);

        var run = hanging.Runner.RunAsync(request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute, timeoutSeconds: 1), _ => Task.CompletedTask, CancellationToken.None);
        var hangEnds = (await Eventually.Until(() => Task.FromResult(clock.PendingTimers), t => t.Count > 0, TimeSpan.FromSeconds(30), "the hang to wait"))[0];
        Assert.True(hangEnds > clock.GetUtcNow() + timeout, $"the hang ends {hangEnds - clock.GetUtcNow()} after it began, within the command's timeout");
        clock.AdvanceTo(hangEnds);
        var result = await run;

        Assert.Equal((false, StepErrorKind.Transient, "injected hang"), (result.Succeeded, result.ErrorKind, result.Error));
        Assert.True(result.FinishedAt > result.StartedAt + timeout, "answered before the command's timeout");
        Assert.Null(probe.FindDomain(request.DomainUuid));
    }

    [Fact]
    public async Task a_hang_ends_when_the_agent_stops()
    {
        faults.Write(new FaultRule(StepCatalog.DefineDomain.Name, FaultKind.Hang));
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var result = await agent.Runner.RunAsync(request.Command(StepCatalog.DefineDomain.Name, StepMode.Execute), _ => Task.CompletedTask, stopping.Token);

        Assert.Equal(StepErrorKind.Transient, result.ErrorKind);
        Assert.Contains("stopped", result.Error);
        Assert.Null(probe.FindDomain(request.DomainUuid));
    }

    public void Dispose()
    {
        if (probe.FindDomain(request.DomainUuid) is not null) probe.UndefineDomain(request.DomainUuid);
        if (probe.FindPool(pool) is not null)
        {
            foreach (var volume in probe.ListVolumes(pool)) probe.DeleteVolume(pool, volume.Name);
            probe.DeletePool(pool);
        }
        probe.Dispose();
        agent.Dispose();
        faults.Dispose();
    }
}
