using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Provisioning.Agent.Drivers;
using Provisioning.Agent.Steps;
using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging.Running;

/// <summary>
/// The last stage: runs the step on the thread pool under the command's timeout and turns whatever happens into one
/// result. A libvirt call blocked in native code cannot be cancelled, but the engine still gets its answer on time (and the
/// call keeps its slot until it returns, <see cref="CommandRun.StillRunning"/>); an
/// exception is classified (<see cref="StepErrors"/>), and a lost libvirt connection is reopened for the next command.
/// </summary>
public sealed class StepInvoker(LibvirtConnector libvirt, CommandAnswers answers, TimeProvider clock, ILogger<StepInvoker> log)
{
    public async Task<StepResult> RunAsync(CommandRun run)
    {
        var command = run.Command;
        var step = run.Handler ?? throw new InvalidOperationException("no step resolved for the command");
        var timeout = run.Timeout;
        using var timeoutCts = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, run.Stopping);
        var call = StepCall.Of(command, answers.Host);
        var watch = Stopwatch.StartNew();
        StepAnswer outcome;
        Task<StepAnswer>? task = null;
        try
        {
            task = Task.Run(() => step.RunAsync(call, linked.Token), linked.Token);
            outcome = await task.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !run.Stopping.IsCancellationRequested)
        {
            outcome = StepAnswer.Failed(StepErrorKind.Transient, $"{command.Step} timed out after {timeout.TotalSeconds:0}s on {answers.Host}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !run.Stopping.IsCancellationRequested)
        {
            if (StepErrors.IsConnectionLost(e)) libvirt.Reset();
            var kind = StepErrors.Classify(e);
            log.LogWarning(e, "{Step} ({Mode}) of request {RequestId} threw ({Kind})", command.Step, command.Mode, command.RequestId, kind);
            outcome = StepAnswer.Failed(kind, StepErrors.Describe(e));
        }

        if (task is { IsCompleted: false })
        {
            run.StillRunning = task;
            log.LogWarning("{Step} ({Mode}) of request {RequestId} still runs after its answer (a call that does not return): it keeps its slot until it does",
                command.Step, command.Mode, command.RequestId);
        }

        log.Log(outcome.Succeeded ? LogLevel.Information : LogLevel.Warning,
            "{Step} ({Mode}, attempt {Attempt}) of request {RequestId} {Outcome} in {DurationMs} ms{Error}",
            command.Step, command.Mode, command.Attempt, command.RequestId,
            outcome.Succeeded ? "succeeded" : $"failed ({outcome.ErrorKind})", watch.ElapsedMilliseconds,
            outcome.Error is null ? "" : ": " + outcome.Error);
        return answers.Of(run, outcome);
    }
}
