using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Provisioning.Agent.Steps;
using Provisioning.Contracts;
using Provisioning.Hosting.Faults;

namespace Provisioning.Agent.Faults;

/// <summary>
/// The agent's fault injector, for tests: real faults in the real process, driven by the rules of
/// <c>Agent:Faults:File</c> — a failed answer that never touched the host, a hang past the engine's timeout,
/// SIGKILL just before or just after the step's effect. Inert unless <c>Agent:Faults:Enabled</c> is true.
/// </summary>
public sealed class StepFaults(AgentOptions options, TimeProvider clock, ILogger<StepFaults> log) : IHostedService
{
    /// <summary>
    /// How long a hang outlasts the command's timeout, so the engine has given up on it first, with room for the
    /// backlog scenario: commands queued behind hung ones must wait past their own timeout.
    /// </summary>
    public static readonly TimeSpan HangMargin = TimeSpan.FromSeconds(15);

    private readonly FaultFile? file = options.Faults.Active ? new FaultFile(options.Faults.File!, log) : null;

    /// <summary>The fault to inject into <paramref name="command"/>, if any, its count already decremented on disk.</summary>
    public FaultKind? Fire(ExecuteStep command) =>
        file?.Fire(command.Step, command.Mode, command.Subject,
            kind => kind != FaultKind.KillBeforeForward)?.Kind;

    /// <summary>
    /// Before the step's effect: the answer that replaces the step (failures, hang), or SIGKILL, or null to run the step.
    /// A hang waits <paramref name="timeout"/> plus <see cref="HangMargin"/>, or until <paramref name="stopping"/>.
    /// </summary>
    public async Task<StepAnswer?> BeforeEffectAsync(FaultKind? fault, ExecuteStep command, TimeSpan timeout, CancellationToken stopping)
    {
        switch (fault)
        {
            case FaultKind.FailTransient or FaultKind.FailForever:
                return StepAnswer.Failed(StepErrorKind.Transient, "injected transient fault");
            case FaultKind.FailPermanent:
                return StepAnswer.Failed(StepErrorKind.Permanent, "injected permanent fault");
            case FaultKind.Hang:
                await Task.Delay(timeout + HangMargin, clock, stopping);
                return StepAnswer.Failed(StepErrorKind.Transient, "injected hang");
            case FaultKind.KillBeforeEffect:
                SelfKill.Now(log, Describe(fault.Value, command));
                break;
        }
        return null;
    }

    /// <summary>After the step's effect and before its result leaves: SIGKILL for <see cref="FaultKind.KillAfterEffect"/>.</summary>
    public void AfterEffect(FaultKind? fault, ExecuteStep command)
    {
        if (fault == FaultKind.KillAfterEffect) SelfKill.Now(log, Describe(fault.Value, command));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (file is not null) log.LogWarning("FAULT INJECTION ENABLED from {File}: this agent will fail, hang and kill itself on purpose. Never in production.", file.Path);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Describe(FaultKind fault, ExecuteStep command) =>
        $"{fault} on {command.Step} ({command.Mode}, attempt {command.Attempt}) of request {command.RequestId}, command {command.CommandId}";
}
