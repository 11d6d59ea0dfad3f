using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging.Running;

/// <summary>What the stages after this one do with a command.</summary>
public delegate Task<StepResult> NextStage(CommandRun run);

/// <summary>
/// One job of turning a command into its result (deduplication, a slot, the host check, the start report, fault
/// injection in tests, the step itself), handing the command on to the next stage. <see cref="CommandRunner"/> puts them in order.
/// </summary>
public interface ICommandStage
{
    Task<StepResult> RunAsync(CommandRun run, NextStage next);
}
