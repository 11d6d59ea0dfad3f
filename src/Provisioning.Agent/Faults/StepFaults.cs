using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Provisioning.Agent.Messaging.Running;
using Provisioning.Agent.Steps;
using Provisioning.Contracts;
using Provisioning.Hosting.Faults;

namespace Provisioning.Agent.Faults;

/// <summary>
/// The agent's fault injector, for tests: real faults in the real process, driven by the rules of
/// <c>Agent:Faults:File</c> — a failed answer that never touched the host, a hang past the engine's timeout,
/// SIGKILL just before or just after the step's effect. A stage of the command runner, right before the step (after
/// the claim, the slot and the start report, so the engine saw the step begin), registered only when
/// <c>Agent:Faults:Enabled</c> is true: an agent without it has no fault code on its path.
/// </summary>
public sealed class StepFaults(AgentOptions options, CommandAnswers answers, TimeProvider clock, ILogger<StepFaults> log) : ICommandStage, IHostedService
{
    /// <summary>
    /// How long a hang outlasts the command's timeout, so the engine has given up on it first, with room for the
    /// backlog scenario: commands queued behind hung ones must wait past their own timeout. A hang keeps its slot.
    /// </summary>
    public static readonly TimeSpan HangMargin = TimeSpan.FromSeconds(15);

    private readonly FaultFile file = new(options.Faults.File!, log);

    public async Task<StepResult> RunAsync(CommandRun run, NextStage next)
    {
        var command = run.Command;
        // Once per command, its count decremented on disk before anything happens.
        var fault = file.Fire(command.Step, command.Mode, command.Subject, kind => kind != FaultKind.KillBeforeForward)?.Kind;
        switch (fault)
        {
            case FaultKind.FailTransient or FaultKind.FailForever:
                return answers.Failed(run, StepErrorKind.Transient, "injected transient fault");
            case FaultKind.FailPermanent:
                return answers.Failed(run, StepErrorKind.Permanent, "injected permanent fault");
            case FaultKind.Hang:
                await Task.Delay(run.Timeout + HangMargin, clock, run.Stopping);
                return answers.Failed(run, StepErrorKind.Transient, "injected hang");
            case FaultKind.KillBeforeEffect:
                SelfKill.Now(log, Describe(fault.Value, command));
                break;
        }
        var result = await next(run);
        // The consumer sends the result only after this returns: a kill here leaves the command unacknowledged.
        if (fault == FaultKind.KillAfterEffect) SelfKill.Now(log, Describe(fault.Value, command));
        return result;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        log.LogWarning("FAULT INJECTION ENABLED from {File}: this agent will fail, hang and kill itself on purpose. Never in production.", file.Path);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Describe(FaultKind fault, ExecuteStep command) =>
        $"{fault} on {command.Step} ({command.Mode}, attempt {command.Attempt}) of request {command.RequestId}, command {command.CommandId}";
}
