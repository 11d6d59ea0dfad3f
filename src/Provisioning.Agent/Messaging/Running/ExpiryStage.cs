using Microsoft.Extensions.Logging;
using Provisioning.Agent.Messaging.Ledger;
using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging.Running;

/// <summary>
/// The last word before a step starts, once it has its slot: an execution its undo superseded, or any command past its
/// not-after (<see cref="ExecuteStep.StartBy"/>), is answered "not run" and touches nothing. By then the engine may have
/// timed the step out and undone it; running it now would make something nobody owns. The answer is remembered like any
/// other, so a copy of the command that comes again gets the same refusal. A command that passes is journaled as
/// started first: cut short by a crash and come again too late, it answers "interrupted" (a failure, so it is undone).
/// </summary>
public sealed class ExpiryStage(CommandLedger ledger, CommandAnswers answers, TimeProvider clock, ILogger<ExpiryStage> log) : ICommandStage
{
    public Task<StepResult> RunAsync(CommandRun run, NextStage next)
    {
        var command = run.Command;
        if (command.Mode == StepMode.Execute && ledger.SupersededBy(command.CommandId) is { } undo)
        {
            log.LogWarning("{Step} {CommandId} of request {RequestId} not run: its undo {Undo} came first", command.Step, command.CommandId, command.RequestId, undo);
            return Task.FromResult(answers.NotRun(run, $"superseded by its undo (command {undo}) before it started on {answers.Host}"));
        }
        var now = clock.GetUtcNow();
        if (command.StartBy is { } startBy && now > startBy && ledger.WasStarted(command.CommandId))
        {
            // It began before a crash cut it short: something may be half made, so it is a failure to undo, not "not run".
            log.LogWarning("{Step} ({Mode}) {CommandId} of request {RequestId} was cut short by a restart and is past its not-after: answered as interrupted",
                command.Step, command.Mode, command.CommandId, command.RequestId);
            return Task.FromResult(answers.Failed(run, StepErrorKind.Transient,
                $"interrupted on {answers.Host} (the agent restarted while it ran) and not run again after its not-after, {startBy:u}"));
        }
        if (command.StartBy is { } expiredAt && now > expiredAt)
        {
            log.LogWarning("{Step} ({Mode}) {CommandId} of request {RequestId} not run: it had to start by {StartBy:u}, {Late:0} s ago",
                command.Step, command.Mode, command.CommandId, command.RequestId, expiredAt, (now - expiredAt).TotalSeconds);
            return Task.FromResult(answers.NotRun(run, $"expired: it had to start by {expiredAt:u} and reached a slot on {answers.Host} at {now:u}"));
        }
        if (!ledger.MarkStarted(command))
        {
            log.LogError("Command {CommandId} ({Step} {Mode}): the ledger's file refused its start", command.CommandId, command.Step, command.Mode);
        }
        return next(run);
    }
}
