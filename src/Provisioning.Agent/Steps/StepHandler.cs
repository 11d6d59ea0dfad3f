using System.Text.Json;
using Provisioning.Contracts;
using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Steps;

/// <summary>
/// Runs a typed step for the command runner. An agent never trusts a command: the arguments are read as the step's
/// record and checked against its rules before the step sees them (a command that fails the check is refused,
/// permanently, having touched nothing). The agent's bridge prefix is applied first, so a name that grows too long
/// fails the same check.
/// </summary>
public sealed class StepHandler<TArguments, TOutputs>(StepDefinition<TArguments, TOutputs> definition, IStep<TArguments, TOutputs> step, AgentOptions options)
    : IStepHandler
    where TArguments : class, IStepArguments
    where TOutputs : class
{
    public StepDefinition Definition => definition;

    public async Task<StepAnswer> RunAsync(StepCall call, CancellationToken ct)
    {
        TArguments arguments;
        try
        {
            arguments = definition.ReadArguments(call.Arguments);
        }
        catch (JsonException e)
        {
            return StepAnswer.Failed(StepErrorKind.Permanent, $"invalid {definition.Name} arguments at {e.Path ?? "$"}: {e.Message}");
        }
        if (options.BridgeNamePrefix is { Length: > 0 } prefix && arguments is IBridgeArguments<TArguments> named)
        {
            arguments = named.WithBridgePrefix(prefix);
        }
        if (arguments.Problems() is { Count: > 0 } problems)
        {
            return StepAnswer.Failed(StepErrorKind.Permanent,
                $"invalid {definition.Name} arguments: {string.Join("; ", problems.Select(p => $"{p.Key}: {string.Join(", ", p.Value)}"))}");
        }

        var context = new StepContext<TArguments>(call.RequestId, call.CommandId, call.Attempt, arguments, call.Actor, call.Ticket, call.Host);
        if (call.Mode == StepMode.Execute)
        {
            var outcome = await step.ExecuteAsync(context, ct);
            return outcome is { Succeeded: true, Outputs: { } made }
                ? new StepAnswer(true, null, null, definition.Write(made), definition.SaysWhatItLeaves ? definition.Leftovers(arguments, made, call.Host) : null)
                : new StepAnswer(false, outcome.ErrorKind ?? StepErrorKind.Transient, outcome.Error ?? $"{definition.Name} failed", null);
        }

        var undo = await step.CompensateAsync(context, ExecutedOutputs(call), ct);
        return undo is { Succeeded: true }
            ? new StepAnswer(true, null, null, StepJson.Write(undo.Outputs ?? UndoReport.Nothing))
            : new StepAnswer(false, undo.ErrorKind ?? StepErrorKind.Transient, undo.Error ?? $"{definition.Name} undo failed", null);
    }

    /// <summary>What the execution reported; null when nothing is known or it cannot be read (the step then trusts the host's own markers).</summary>
    private TOutputs? ExecutedOutputs(StepCall call)
    {
        try
        {
            return definition.ReadOutputs(call.Outputs);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
