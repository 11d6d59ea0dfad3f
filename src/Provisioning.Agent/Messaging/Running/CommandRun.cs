using Provisioning.Agent.Steps;
using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging.Running;

/// <summary>One command on its way through the runner's stages, with what the stages before have settled.</summary>
/// <param name="ReportStart">Sends the engine a <see cref="StepStarted"/> for the command (the consumer's send).</param>
/// <param name="Stopping">The agent's shutdown.</param>
public sealed class CommandRun(ExecuteStep command, Func<StepStarted, Task> reportStart, CancellationToken stopping)
{
    public ExecuteStep Command { get; } = command;

    public Func<StepStarted, Task> ReportStart { get; } = reportStart;

    public CancellationToken Stopping { get; } = stopping;

    /// <summary>When the command got its slot (set by <see cref="GateStage"/>); results count the step from here.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>The step that runs it (set by <see cref="HostGuard"/>).</summary>
    public IStepHandler? Handler { get; set; }

    /// <summary>
    /// A step's work still going on after its answer (a libvirt call blocked in native code past the timeout, say):
    /// the slot stays taken until it ends, so the host never runs more at once than the agent's slots.
    /// </summary>
    public Task? StillRunning { get; set; }

    /// <summary>The same run for a command the stages before changed (an undo given what its execution made).</summary>
    public CommandRun With(ExecuteStep changed) => new(changed, ReportStart, Stopping) { StartedAt = StartedAt, Handler = Handler, StillRunning = StillRunning };

    /// <summary>How long the step may run: the command's own timeout, or the agent's default.</summary>
    public TimeSpan Timeout => Command.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(Command.TimeoutSeconds) : CommandStages.DefaultTimeout;
}
