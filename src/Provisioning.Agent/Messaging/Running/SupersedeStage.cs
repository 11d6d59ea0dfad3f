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
/// is left without an owner.
/// </summary>
public sealed class SupersedeStage(CommandLedger ledger, ILogger<SupersedeStage> log) : ICommandStage
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

        // What that execution made, as this agent saw it, wins over what the engine knew (an earlier attempt's, or nothing).
        var result = await earlier.WaitAsync(run.Stopping);
        if (!result.Succeeded || !StepJsonHasValue(result.Outputs)) return await next(run);
        log.LogInformation("Undo {CommandId} of {Step} takes back what execution {Execution} made, as this agent recorded it", command.CommandId, command.Step, execution);
        return await next(run.With(command with { Outputs = result.Outputs }));
    }

    private static bool StepJsonHasValue(System.Text.Json.JsonElement? json) =>
        json is { ValueKind: not (System.Text.Json.JsonValueKind.Undefined or System.Text.Json.JsonValueKind.Null) };
}
