using System.Text.Json;
using Provisioning.Contracts;

namespace Provisioning.Agent.Steps;

/// <summary>One command for a step, as the runner hands it to the step's handler: arguments and prior outputs still JSON.</summary>
public sealed record StepCall(
    Guid RequestId,
    Guid CommandId,
    int Attempt,
    StepMode Mode,
    JsonElement Arguments,
    JsonElement? Outputs,
    string Actor,
    string? Ticket,
    string Host)
{
    /// <summary>The call a command makes on the agent of <paramref name="host"/>.</summary>
    public static StepCall Of(ExecuteStep command, string host) =>
        new(command.RequestId, command.CommandId, command.Attempt, command.Mode, command.Arguments, command.Outputs, command.Actor, command.Ticket, host);
}
