using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging.Running;

/// <summary>
/// Holds the command until the <see cref="CommandGate"/> gives it a slot, and the slot until the stages after it are done.
/// A command still waiting when the agent stops is not run (<see cref="CommandNotStartedException"/>: it goes back to its queue).
/// A step whose work goes on after its answer (<see cref="CommandRun.StillRunning"/>) keeps the slot until that ends.
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
        try
        {
            run.StartedAt = clock.GetUtcNow();
            return await next(run);
        }
        finally
        {
            if (run.StillRunning is { IsCompleted: false } work) _ = work.ContinueWith(_ => slot.Dispose(), TaskScheduler.Default);
            else slot.Dispose();
        }
    }
}
