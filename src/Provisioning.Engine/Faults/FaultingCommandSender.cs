using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Outbox;
using Provisioning.Hosting.Faults;

namespace Provisioning.Engine.Faults;

/// <summary>
/// The engine's fault injector, for tests: a decorator of the command sender, registered only when
/// <c>Engine:Faults:Enabled</c> is true, so a command takes the same road with or without it.
/// <see cref="FaultKind.KillBeforeForward"/> SIGKILLs the engine before it sends a stored dispatch, to show the outbox
/// sends it after a restart. Driven by the rules of <c>Engine:Faults:File</c>.
/// </summary>
public sealed class FaultingCommandSender(ICommandSender inner, FaultFile file, ILogger<FaultingCommandSender> log) : ICommandSender, IHostedService
{
    public Task SendAsync(Guid requestId, Guid commandId, StepDispatched command, CancellationToken ct)
    {
        var mode = command.Mode;
        var subject = command.Subject ?? (command.Parameters is { } legacy ? RequestState.SubjectOf(legacy) : null);
        // Decremented on disk before the kill, so the restarted engine sends the command instead of dying again.
        var rule = file.Fire(command.Step, mode, subject, kind => kind == FaultKind.KillBeforeForward);
        if (rule is not null)
        {
            SelfKill.Now(log, $"{rule.Kind} on {command.Step} ({mode}, attempt {command.Attempt}) of request {requestId}, command {commandId}");
        }
        return inner.SendAsync(requestId, commandId, command, ct);
    }

    /// <summary>Says so loudly when the engine starts.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        log.LogWarning("FAULT INJECTION ENABLED from {File}: this engine will kill itself on purpose. Never in production.", file.Path);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
