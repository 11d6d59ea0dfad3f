using Provisioning.Agent.Messaging.Running;
using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging;

/// <summary>
/// Turns one <see cref="ExecuteStep"/> into exactly one <see cref="StepResult"/>, whatever happens: wrong host, unknown
/// step, invalid arguments, a driver exception or a timeout all become a failed result, because results are the
/// protocol (the engine decides about retries, never the bus). A pipeline of stages, each with one job, in this order:
/// <see cref="LedgerStage"/> (a duplicate gets the first run's result), <see cref="SupersedeStage"/> (an undo marks its
/// execution superseded and waits for it), <see cref="GateStage"/> (a slot, oldest request first), <see cref="HostGuard"/>
/// (this host's command, a known step), <see cref="ExpiryStage"/> (nothing superseded or past its not-after starts),
/// <see cref="StartReporter"/> (the start report),
/// any stages registered as <see cref="ICommandStage"/> (fault injection in tests: <see cref="Faults.StepFaults"/>, only when
/// enabled), and <see cref="StepInvoker"/> (the step under its timeout).
/// </summary>
public sealed class CommandRunner
{
    private readonly NextStage pipeline;

    public CommandRunner(LedgerStage ledger, SupersedeStage supersede, GateStage gate, HostGuard guard, ExpiryStage expiry, StartReporter starts,
        IEnumerable<ICommandStage> interceptors, StepInvoker invoker, CommandAnswers answers)
    {
        Host = answers.Host;
        NextStage next = invoker.RunAsync;
        foreach (var stage in new ICommandStage[] { ledger, supersede, gate, guard, expiry, starts }.Concat(interceptors).Reverse())
        {
            var after = next;
            next = run => stage.RunAsync(run, after);
        }
        pipeline = next;
    }

    /// <summary>The host this agent serves.</summary>
    public string Host { get; }

    /// <summary>
    /// Runs the command once (a duplicate gets the first run's result) when it gets a slot, and returns its result.
    /// <paramref name="started"/> reports the start (see <see cref="AgentOptions.StartReportAfterMs"/>); <paramref name="stopping"/>
    /// is the agent's shutdown, after which the result is not remembered, so a redelivery runs again. Throws
    /// <see cref="CommandNotStartedException"/> for a command still waiting for a slot when the agent stops.
    /// </summary>
    public Task<StepResult> RunAsync(ExecuteStep command, Func<StepStarted, Task> started, CancellationToken stopping) =>
        pipeline(new CommandRun(command, started, stopping));
}
