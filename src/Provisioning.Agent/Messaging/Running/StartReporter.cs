using Microsoft.Extensions.Logging;
using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging.Running;

/// <summary>
/// Tells the engine a step began once it has run for <see cref="AgentOptions.StartReportAfterMs"/>, unless it has finished
/// by then: a quick step's result carries its start time, and every report is a message and a transaction in the engine
/// (half of all its work when steps are quick). A slow step is still shown as running while it runs. With 0 the start
/// is reported before the step runs. A report already on its way goes out before the result does.
/// </summary>
public sealed class StartReporter(AgentOptions options, CommandAnswers answers, TimeProvider clock, ILogger<StartReporter> log) : ICommandStage
{
    /// <summary>
    /// The longest a start report may take. The start is progress, not the result: while the broker is away a send can
    /// wait for a connection for minutes, and a redelivery of this command would wait on this run (the ledger's claim)
    /// all that time. So the step runs on; its result still goes out.
    /// </summary>
    private static readonly TimeSpan StartReportTimeout = TimeSpan.FromSeconds(10);

    public async Task<StepResult> RunAsync(CommandRun run, NextStage next)
    {
        var c = run.Command;
        var message = new StepStarted(c.CommandId, c.RequestId, c.Step, c.Mode, c.Attempt, answers.Host, run.StartedAt ?? clock.GetUtcNow());
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var report = options.StartReportAfterMs <= 0
            ? ReportAsync(run, message)
            : ReportLaterAsync(run, message, TimeSpan.FromMilliseconds(options.StartReportAfterMs), finished.Task);
        if (options.StartReportAfterMs <= 0) await report;
        log.LogInformation("{Step} ({Mode}, attempt {Attempt}) of request {RequestId} started", c.Step, c.Mode, c.Attempt, c.RequestId);
        try
        {
            return await next(run);
        }
        finally
        {
            finished.TrySetResult();
            await report;
        }
    }

    private async Task ReportLaterAsync(CommandRun run, StepStarted message, TimeSpan after, Task finished)
    {
        var wait = Task.Delay(after, clock, run.Stopping);
        if (await Task.WhenAny(wait, finished) == finished || wait.IsCanceled) return;
        await ReportAsync(run, message);
    }

    private async Task ReportAsync(CommandRun run, StepStarted message)
    {
        try
        {
            await run.ReportStart(message).WaitAsync(StartReportTimeout, run.Stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException || !run.Stopping.IsCancellationRequested)
        {
            log.LogWarning("Could not report the start of {Step} of request {RequestId} ({Error}); running it anyway", message.Step, message.RequestId, e.Message);
        }
    }
}
