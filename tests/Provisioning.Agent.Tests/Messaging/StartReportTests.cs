using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Agent.Tests.Steps;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Testing;

namespace Provisioning.Agent.Tests.Messaging;

/// <summary>
/// A step's start is reported only when the step is still running after <c>Agent:StartReportAfterMs</c>: a quick step's
/// result carries its start time, and each report costs the engine a message and a transaction. On a clock only the test
/// moves, and with a step that returns when the test lets it, so nothing here depends on how busy the machine is.
/// </summary>
public sealed class StartReportTests : IDisposable
{
    private const string Held = "held-report-step";
    private const string Quick = "quick-report-step";
    private static readonly TimeSpan ReportAfter = TimeSpan.FromSeconds(1);

    private readonly ManualClock clock = new(DateTimeOffset.Parse("2026-12-03T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TestAgent agent;
    private readonly VmRequest request = VmRequest.New(TestAgent.HostName, TestRun.Name("s"));
    private int returned;

    public StartReportTests() => agent = TestAgent.OnTestDriver(
        services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            new StubStep(async (_, ct) =>
            {
                entered.TrySetResult();
                await release.Task.WaitAsync(ct);
                Volatile.Write(ref returned, 1);
                return null;
            }).RegisterAs(services, Held);
            StubStep.Quick().RegisterAs(services, Quick);
        },
        new Dictionary<string, string?> { ["Agent:StartReportAfterMs"] = ((int)ReportAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private bool StepReturned => Volatile.Read(ref returned) == 1;

    [Fact]
    public async Task a_quick_step_sends_no_start_report_and_its_result_carries_the_start()
    {
        var reports = new ConcurrentQueue<StepStarted>();

        var result = await agent.Runner.RunAsync(request.Command(Quick, StepMode.Execute), s =>
        {
            reports.Enqueue(s);
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(reports);
        Assert.Equal(clock.GetUtcNow(), result.StartedAt);
    }

    [Fact]
    public async Task a_slow_step_reports_its_start_once_while_it_runs_with_the_time_it_began()
    {
        var reports = new ConcurrentQueue<(StepStarted Report, bool StepHadReturned)>();
        var run = agent.Runner.RunAsync(request.Command(Held, StepMode.Execute), s =>
        {
            reports.Enqueue((s, StepReturned));
            return Task.CompletedTask;
        }, CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var began = clock.GetUtcNow();

        // Not before the threshold: the step has run for less than it.
        clock.Advance(ReportAfter - TimeSpan.FromMilliseconds(1));
        Assert.Empty(reports);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.Until(() => !reports.IsEmpty, TimeSpan.FromSeconds(30), "the start report");
        release.SetResult();
        var result = await run;

        Assert.True(result.Succeeded, result.Error);
        var (report, stepHadReturned) = Assert.Single(reports);
        Assert.False(stepHadReturned);
        Assert.Equal((began, TestAgent.HostName), (report.StartedAt, report.Host));
        Assert.Equal(began, result.StartedAt);
    }

    [Fact]
    public async Task a_start_report_still_in_flight_when_the_step_ends_is_awaited_before_the_result_is_returned()
    {
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = agent.Runner.RunAsync(request.Command(Held, StepMode.Execute), async _ =>
        {
            // A send slower than the step itself.
            sending.TrySetResult();
            await mayFinish.Task;
        }, CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(ReportAfter);
        await sending.Task.WaitAsync(TimeSpan.FromSeconds(30));

        release.SetResult();
        await Eventually.Until(() => StepReturned, TimeSpan.FromSeconds(30), "the step to return");
        Assert.False(run.IsCompleted, "the result came back while its start report was still being sent");
        mayFinish.SetResult();

        Assert.True((await run).Succeeded);
    }

    public void Dispose()
    {
        release.TrySetResult();
        agent.Dispose();
    }
}
