using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisioning.Agent.Drivers;
using Provisioning.Agent.Faults;
using Provisioning.Agent.Steps;
using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging;

/// <summary>
/// Turns one <see cref="ExecuteStep"/> into exactly one <see cref="StepResult"/>, whatever happens:
/// wrong host, unknown step, invalid parameters, a driver exception or a timeout all become a failed
/// result, because results are the protocol (the engine decides about retries, never the bus).
/// Deduplicates by command id through the <see cref="CommandLedger"/>.
/// </summary>
public sealed class CommandRunner(
    IServiceProvider services,
    AgentOptions options,
    CommandLedger ledger,
    CommandGate gate,
    LibvirtConnector libvirt,
    StepFaults faults,
    TimeProvider clock,
    ILogger<CommandRunner> log)
{
    /// <summary>Used when a command carries no timeout of its own.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StartReportTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The host this agent serves.</summary>
    public string Host => options.HostName!;

    /// <summary>
    /// Runs the command once (a duplicate gets the first run's result) when the <see cref="CommandGate"/> gives it a slot,
    /// and returns its result. <paramref name="started"/> reports the start (see <see cref="AgentOptions.StartReportAfterMs"/>);
    /// <paramref name="stopping"/> is the agent's shutdown, after which the result is not remembered, so a redelivery runs again.
    /// </summary>
    public async Task<StepResult> RunAsync(ExecuteStep command, Func<StepStarted, Task> started, CancellationToken stopping)
    {
        if (ledger.TryClaim(command.CommandId, out var claim) is { } known)
        {
            log.LogInformation("Command {CommandId} ({Step} {Mode}) of request {RequestId} is a duplicate: answering with its known result",
                command.CommandId, command.Step, command.Mode, command.RequestId);
            return await known.WaitAsync(stopping);
        }

        IDisposable slot;
        try
        {
            slot = await gate.EnterAsync(command, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping before it ran: no result at all, the command goes back to the queue for the next start.
            ledger.Abandon(command.CommandId, claim, Failed(command, clock.GetUtcNow(), StepErrorKind.Transient, $"agent {Host} stopped before the step started"));
            throw new CommandNotStartedException($"command {command.CommandId} not started: agent {Host} is stopping");
        }

        var startedAt = clock.GetUtcNow();
        StepResult result;
        try
        {
            result = await RunOnce(command, startedAt, started, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            result = Failed(command, startedAt, StepErrorKind.Transient, $"agent {Host} stopped while the step ran");
            ledger.Abandon(command.CommandId, claim, result);
            return result;
        }
        catch (Exception e)
        {
            // Only reporting can fail here (the step's own errors are results): let a redelivery try again.
            ledger.Abandon(command.CommandId, claim, Failed(command, startedAt, StepErrorKind.Transient, $"agent {Host} could not report: {e.Message}"));
            throw;
        }
        finally
        {
            slot.Dispose();
        }
        // Recorded before the consumer sends it: should that send fail, the command's redelivery answers from here.
        CommandLedger.Complete(claim, result);
        return result;
    }

    /// <summary>
    /// Tells the engine the step began once it has run for <paramref name="after"/>, unless it has
    /// <paramref name="finished"/> by then: a quick step's result carries its start time, and every report is a
    /// message and a transaction in the engine (half of all its work when steps are quick). A slow step is still shown
    /// as running while it runs.
    /// </summary>
    private async Task ReportStartedLaterAsync(Func<StepStarted, Task> started, StepStarted message, TimeSpan after, Task finished, CancellationToken stopping)
    {
        var wait = Task.Delay(after, clock, stopping);
        if (await Task.WhenAny(wait, finished) == finished || wait.IsCanceled) return;
        await ReportStartedAsync(started, message, stopping);
    }

    /// <summary>
    /// Tells the engine the step began, waiting at most <see cref="StartReportTimeout"/>. The start is progress, not
    /// the result: while the broker is away a send can wait for a connection for minutes, and a redelivery of this
    /// command would wait on this run (the ledger's claim) all that time. So the step runs on; its result still goes out.
    /// </summary>
    private async Task ReportStartedAsync(Func<StepStarted, Task> started, StepStarted message, CancellationToken stopping)
    {
        try
        {
            await started(message).WaitAsync(StartReportTimeout, stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            log.LogWarning("Could not report the start of {Step} of request {RequestId} ({Error}); running it anyway", message.Step, message.RequestId, e.Message);
        }
    }

    private async Task<StepResult> RunOnce(ExecuteStep command, DateTimeOffset startedAt, Func<StepStarted, Task> started, CancellationToken stopping)
    {
        using var scope = log.BeginScope(new Dictionary<string, object>
        {
            ["RequestId"] = command.RequestId,
            ["CommandId"] = command.CommandId,
            ["Step"] = command.Step,
            ["Mode"] = command.Mode,
            ["Attempt"] = command.Attempt,
        });

        if (!string.Equals(command.Host, Host, StringComparison.OrdinalIgnoreCase))
        {
            log.LogWarning("Command {CommandId} is for host {TargetHost}, not this agent's {Host}: refused", command.CommandId, command.Host, Host);
            return Failed(command, startedAt, StepErrorKind.Permanent, $"command for host '{command.Host}' reached the agent of '{Host}'");
        }
        if (services.GetKeyedService<IStepHandler>(command.Step) is not { } step)
        {
            return Failed(command, startedAt, StepErrorKind.Permanent, $"agent {Host} knows no step '{command.Step}'");
        }

        var message = new StepStarted(command.CommandId, command.RequestId, command.Step, command.Mode, command.Attempt, Host, startedAt);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var report = options.StartReportAfterMs <= 0
            ? ReportStartedAsync(started, message, stopping)
            : ReportStartedLaterAsync(started, message, TimeSpan.FromMilliseconds(options.StartReportAfterMs), finished.Task, stopping);
        if (options.StartReportAfterMs <= 0) await report;
        log.LogInformation("{Step} ({Mode}, attempt {Attempt}) of request {RequestId} started", command.Step, command.Mode, command.Attempt, command.RequestId);
        try
        {
            return await RunStepAsync(command, step, startedAt, stopping);
        }
        finally
        {
            // A start report already on its way goes out before the result does (the consumer sends that after this returns).
            finished.TrySetResult();
            await report;
        }
    }

    private async Task<StepResult> RunStepAsync(ExecuteStep command, IStepHandler step, DateTimeOffset startedAt, CancellationToken stopping)
    {
        var timeout = command.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(command.TimeoutSeconds) : DefaultTimeout;
        // Tests only (off unless Agent:Faults:Enabled): after the claim and StepStarted, so the engine saw the step begin.
        var fault = faults.Fire(command);
        if (await faults.BeforeEffectAsync(fault, command, timeout, stopping) is { } injected) return Result(command, startedAt, injected);
        using var timeoutCts = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, stopping);
        var call = StepCall.Of(command, Host);
        var watch = Stopwatch.StartNew();
        StepAnswer outcome;
        try
        {
            // On the thread pool, and awaited with the timeout: a libvirt call blocked in native code
            // cannot be cancelled, but the engine still gets its answer on time.
            var run = Task.Run(() => step.RunAsync(call, linked.Token), linked.Token);
            outcome = await run.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            outcome = StepAnswer.Failed(StepErrorKind.Transient, $"{command.Step} timed out after {timeout.TotalSeconds:0}s on {Host}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            if (StepErrors.IsConnectionLost(e)) libvirt.Reset();
            var kind = StepErrors.Classify(e);
            log.LogWarning(e, "{Step} ({Mode}) of request {RequestId} threw ({Kind})", command.Step, command.Mode, command.RequestId, kind);
            outcome = StepAnswer.Failed(kind, StepErrors.Describe(e));
        }

        var level = outcome.Succeeded ? LogLevel.Information : LogLevel.Warning;
        log.Log(level, "{Step} ({Mode}, attempt {Attempt}) of request {RequestId} {Outcome} in {DurationMs} ms{Error}",
            command.Step, command.Mode, command.Attempt, command.RequestId,
            outcome.Succeeded ? "succeeded" : $"failed ({outcome.ErrorKind})", watch.ElapsedMilliseconds,
            outcome.Error is null ? "" : ": " + outcome.Error);

        // The consumer sends the result only after this returns: a kill here leaves the command unacknowledged.
        faults.AfterEffect(fault, command);
        return Result(command, startedAt, outcome);
    }

    private StepResult Result(ExecuteStep command, DateTimeOffset startedAt, StepAnswer outcome) =>
        new(command.CommandId, command.RequestId, command.Step, command.Mode, command.Attempt, Host,
            outcome.Succeeded, outcome.ErrorKind, outcome.Error, outcome.Outputs, startedAt, clock.GetUtcNow(), outcome.Created);

    private StepResult Failed(ExecuteStep command, DateTimeOffset startedAt, StepErrorKind kind, string error) =>
        new(command.CommandId, command.RequestId, command.Step, command.Mode, command.Attempt, Host,
            false, kind, error, null, startedAt, clock.GetUtcNow());
}
