using Provisioning.Agent.Steps;
using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging.Running;

/// <summary>The results the stages answer with, all from this agent's host and clock.</summary>
public sealed class CommandAnswers(AgentOptions options, TimeProvider clock)
{
    /// <summary>The host this agent serves.</summary>
    public string Host => options.HostName!;

    /// <summary>A failure that ran no step (or whose step's answer is replaced).</summary>
    public StepResult Failed(CommandRun run, StepErrorKind kind, string error) => Of(run, StepAnswer.Failed(kind, error));

    /// <summary>A refusal before anything ran (expired, superseded): the engine knows nothing happened on the host.</summary>
    public StepResult NotRun(CommandRun run, string reason) => Failed(run, StepErrorKind.Transient, reason) with { NotRun = true };

    /// <summary>The result of a step's answer, counted from the command's start (now, when it never got one).</summary>
    public StepResult Of(CommandRun run, StepAnswer answer)
    {
        var c = run.Command;
        var now = clock.GetUtcNow();
        return new StepResult(c.CommandId, c.RequestId, c.Step, c.Mode, c.Attempt, Host, answer.Succeeded, answer.ErrorKind, answer.Error,
            answer.Outputs, run.StartedAt ?? now, now, answer.Created);
    }
}
