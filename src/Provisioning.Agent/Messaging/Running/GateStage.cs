using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging.Running;

/// <summary>
/// Holds the command until the <see cref="CommandGate"/> gives it a slot, and the slot until the stages after it are done.
/// A command still waiting when the agent stops is not run (<see cref="CommandNotStartedException"/>: it goes back to its queue).
/// </summary>
public sealed class GateStage(CommandGate gate, CommandAnswers answers, TimeProvider clock) : ICommandStage
{
    public async Task<StepResult> RunAsync(CommandRun run, NextStage next)
    {
        IDisposable slot;
        try
        {
            slot = await gate.EnterAsync(run.Command, run.Stopping);
        }
        catch (OperationCanceledException) when (run.Stopping.IsCancellationRequested)
        {
            throw new CommandNotStartedException($"command {run.Command.CommandId} not started: agent {answers.Host} is stopping");
        }
        using (slot)
        {
            run.StartedAt = clock.GetUtcNow();
            return await next(run);
        }
    }
}
