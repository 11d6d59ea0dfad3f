using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisioning.Agent.Steps;
using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging.Running;

/// <summary>
/// Runs only what this agent should: a command for another host, or for a step it has no implementation of, is
/// answered with a permanent failure and touches nothing. Finds the step's handler for the stages after it, and puts
/// the command's ids into every log line they write.
/// </summary>
public sealed class HostGuard(IServiceProvider services, CommandAnswers answers, ILogger<HostGuard> log) : ICommandStage
{
    public async Task<StepResult> RunAsync(CommandRun run, NextStage next)
    {
        var command = run.Command;
        using var scope = log.BeginScope(new Dictionary<string, object>
        {
            ["RequestId"] = command.RequestId,
            ["CommandId"] = command.CommandId,
            ["Step"] = command.Step,
            ["Mode"] = command.Mode,
            ["Attempt"] = command.Attempt,
        });
        if (!string.Equals(command.Host, answers.Host, StringComparison.OrdinalIgnoreCase))
        {
            log.LogWarning("Command {CommandId} is for host {TargetHost}, not this agent's {Host}: refused", command.CommandId, command.Host, answers.Host);
            return answers.Failed(run, StepErrorKind.Permanent, $"command for host '{command.Host}' reached the agent of '{answers.Host}'");
        }
        // The engine names the step with the mode; an undo's own name (remove-bridge) is no step of its own.
        if (services.GetKeyedService<IStepHandler>(command.Step) is not { } handler)
        {
            return answers.Failed(run, StepErrorKind.Permanent, $"agent {answers.Host} knows no step '{command.Step}'");
        }
        run.Handler = handler;
        return await next(run);
    }
}
