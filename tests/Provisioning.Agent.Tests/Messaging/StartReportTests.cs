using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Agent.Steps;
using Provisioning.Agent.Tests.Steps;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Messaging;

/// <summary>
/// A step's start is reported only when the step is still running after <c>Agent:StartReportAfterMs</c>: a quick step's
/// result carries its start time, and each report costs the engine a message and a transaction.
/// </summary>
public sealed class StartReportTests : IDisposable
{
    private const string Slow = "slow-report-step";
    private const string Quick = "quick-report-step";
    private static readonly TimeSpan SlowFor = TimeSpan.FromMilliseconds(1800);

    private readonly TestAgent agent;
    private int phase;

    private readonly VmRequest request = VmRequest.New(TestAgent.HostName, TestRun.Name("s"));

    public StartReportTests() => agent = TestAgent.OnTestDriver(
        services =>
        {
            // The slow step records where its execution is, so a report can be placed against it.
            new StubStep(async (_, ct) =>
            {
                Volatile.Write(ref phase, (int)Phase.Running);
                await Task.Delay(SlowFor, ct);
                Volatile.Write(ref phase, (int)Phase.Returned);
                return null;
            }).RegisterAs(services, Slow);
            StubStep.Quick().RegisterAs(services, Quick);
        },
        new Dictionary<string, string?> { ["Agent:StartReportAfterMs"] = "1000" });

    private enum Phase
    {
        NotStarted,
        Running,
        Returned,
    }

    private Phase Now => (Phase)Volatile.Read(ref phase);

    [Fact]
    public async Task a_quick_step_sends_no_start_report_and_its_result_carries_the_start()
    {
        var reports = new ConcurrentQueue<StepStarted>();

        // A step that returns at once rather than a real one: on a CI machine busy with two other test projects a real
        // step can take longer than the threshold, and then a report is right.
        var result = await agent.Runner.RunAsync(request.Command(Quick, StepMode.Execute), s =>
        {
            reports.Enqueue(s);
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(reports);
        Assert.True(result.StartedAt <= result.FinishedAt);
    }

    [Fact]
    public async Task a_slow_step_reports_its_start_once_before_its_result_with_the_time_it_began()
    {
        var reports = new ConcurrentQueue<(StepStarted Report, Phase StepWas)>();

        var result = await agent.Runner.RunAsync(request.Command(Slow, StepMode.Execute), s =>
        {
            reports.Enqueue((s, Now));
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var (report, stepWas) = Assert.Single(reports);
        Assert.Equal(result.StartedAt, report.StartedAt);
        // Sent while the step ran: not before it began (as an immediate report is), not after it returned.
        Assert.Equal(Phase.Running, stepWas);
    }

    [Fact]
    public async Task a_start_report_still_in_flight_when_the_step_ends_is_awaited_before_the_result_is_returned()
    {
        var sent = new TaskCompletionSource();
        var command = request.Command(Slow, StepMode.Execute);

        var run = agent.Runner.RunAsync(command, async _ =>
        {
            // A send slower than the step itself.
            await Task.Delay(SlowFor + TimeSpan.FromMilliseconds(500));
            sent.SetResult();
        }, CancellationToken.None);
        var result = await run;

        Assert.True(result.Succeeded, result.Error);
        Assert.True(sent.Task.IsCompleted, "the result came back while its start report was still being sent");
    }

    public void Dispose() => agent.Dispose();
}
