using Microsoft.Extensions.Logging;
using Provisioning.Agent.Messaging.Ledger;
using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging.Running;

/// <summary>
/// An undo that names the execution it takes back (<see cref="ExecuteStep.Supersedes"/>) records that first, before it
/// waits for a slot, so the execution is refused unrun whenever it comes (<see cref="ExpiryStage"/>): an agent back
/// from an outage that finds both in its queue never makes what the undo already took back, whichever order they
/// arrive in. An execution already running is waited for, and the undo is given what the agent's ledger says that
/// execution made (the engine, which timed out waiting, knew nothing of it, or an earlier attempt's), so nothing it made
/// is left without an owner. Its not-after moves by the time it waited for the execution: that wait is the agent's own
/// ordering, not a sign the engine gave up.
/// </summary>
public sealed class SupersedeStage(CommandLedger ledger, TimeProvider clock, ILogger<SupersedeStage> log) : ICommandStage
{
    public async Task<StepResult> RunAsync(CommandRun run, NextStage next)
    {
        var command = run.Command;
        if (command.Mode != StepMode.Compensate || command.Supersedes is not { } execution) return await next(run);
        if (ledger.Supersede(execution, command))
        {
            log.LogInformation("Undo {CommandId} of {Step} supersedes execution {Execution}: it will not run from now on", command.CommandId, command.Step, execution);
        }
        if (ledger.Find(execution) is not { } earlier) return await next(run);

        var waitedFrom = clock.GetUtcNow();
        var result = await earlier.WaitAsync(run.Stopping);
        // The time spent waiting for its own execution is the agent's ordering, not staleness: the not-after moves by it.
        var waited = clock.GetUtcNow() - waitedFrom;
        var undo = command.StartBy is { } startBy && waited > TimeSpan.Zero ? command with { StartBy = startBy + waited } : command;
        // What that execution made, as this agent saw it, wins over what the engine knew (an earlier attempt's, or nothing).
        if (result.Succeeded && StepJsonHasValue(result.Outputs))
        {
            log.LogInformation("Undo {CommandId} of {Step} takes back what execution {Execution} made, as this agent recorded it", command.CommandId, command.Step, execution);
            undo = undo with { Outputs = result.Outputs };
        }
        return await next(ReferenceEquals(undo, command) ? run : run.With(undo));
    }

    private static bool StepJsonHasValue(System.Text.Json.JsonElement? json) =>
        json is { ValueKind: not (System.Text.Json.JsonValueKind.Undefined or System.Text.Json.JsonValueKind.Null) };
}
