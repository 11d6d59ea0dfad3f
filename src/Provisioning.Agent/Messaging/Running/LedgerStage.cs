using Microsoft.Extensions.Logging;
using Provisioning.Agent.Messaging.Ledger;
using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging.Running;

/// <summary>
/// Runs each command once: a duplicate delivery gets the first run's result (waiting for it if it still runs), through
/// the <see cref="CommandLedger"/>. A run cut short by the agent's stop, or one whose reporting failed, is forgotten,
/// so the command's redelivery runs it again.
/// </summary>
public sealed class LedgerStage(CommandLedger ledger, CommandAnswers answers, ILogger<LedgerStage> log) : ICommandStage
{
    public async Task<StepResult> RunAsync(CommandRun run, NextStage next)
    {
        var command = run.Command;
        if (ledger.TryClaim(command.CommandId, out var claim) is { } known)
        {
            log.LogInformation("Command {CommandId} ({Step} {Mode}) of request {RequestId} is a duplicate: answering with its known result",
                command.CommandId, command.Step, command.Mode, command.RequestId);
            return await known.WaitAsync(run.Stopping);
        }

        StepResult result;
        try
        {
            result = await next(run);
        }
        catch (CommandNotStartedException)
        {
            // Stopping before it ran: no result at all, the command goes back to the queue for the next start.
            ledger.Abandon(command.CommandId, claim, answers.Failed(run, StepErrorKind.Transient, $"agent {answers.Host} stopped before the step started"));
            throw;
        }
        catch (OperationCanceledException) when (run.Stopping.IsCancellationRequested)
        {
            result = answers.Failed(run, StepErrorKind.Transient, $"agent {answers.Host} stopped while the step ran");
            ledger.Abandon(command.CommandId, claim, result);
            return result;
        }
        catch (Exception e)
        {
            // Only reporting can fail here (the step's own errors are results): let a redelivery try again.
            ledger.Abandon(command.CommandId, claim, answers.Failed(run, StepErrorKind.Transient, $"agent {answers.Host} could not report: {e.Message}"));
            throw;
        }
        // Recorded before the consumer sends it: should that send fail, the command's redelivery answers from here.
        if (!ledger.Complete(claim, command, result))
        {
            log.LogError("Command {CommandId} ({Step} {Mode}): the ledger's file refused its answer; it stands until the agent restarts, and a replay after that would run the step again",
                command.CommandId, command.Step, command.Mode);
        }
        return result;
    }
}
