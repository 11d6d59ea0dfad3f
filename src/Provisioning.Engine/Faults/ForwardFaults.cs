using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Hosting.Faults;

namespace Provisioning.Engine.Faults;

/// <summary>
/// The engine's fault injector, for tests: <see cref="FaultKind.KillBeforeForward"/> SIGKILLs the engine between
/// appending a dispatch and sending it, to show the outbox sends it after a restart. Driven by the rules of
/// <c>Engine:Faults:File</c>; inert unless <c>Engine:Faults:Enabled</c> is true.
/// </summary>
public sealed class ForwardFaults(EngineOptions options, ILogger<ForwardFaults> log) : IHostedService
{
    private readonly FaultFile? file = options.Faults.Active ? new FaultFile(options.Faults.File!, log) : null;

    /// <summary>True when fault injection is on (tests only).</summary>
    public bool Active => file is not null;

    /// <summary>Kills the process when a live rule matches <paramref name="dispatched"/> (its count decremented on disk first).</summary>
    public void BeforeForward(StepDispatched dispatched, Guid requestId, Guid commandId)
    {
        var mode = dispatched.Mode;
        var rule = file?.Fire(dispatched.Step, mode, dispatched.Subject ?? (dispatched.Parameters is { } legacy ? RequestState.SubjectOf(legacy) : null),
            kind => kind == FaultKind.KillBeforeForward);
        if (rule is not null)
        {
            SelfKill.Now(log, $"{rule.Kind} on {dispatched.Step} ({mode}, attempt {dispatched.Attempt}) of request {requestId}, command {commandId}");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (file is not null) log.LogWarning("FAULT INJECTION ENABLED from {File}: this engine will kill itself on purpose. Never in production.", file.Path);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
