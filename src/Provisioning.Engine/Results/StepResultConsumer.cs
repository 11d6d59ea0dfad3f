using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Admission;
using Provisioning.Engine.Outbox;
using Provisioning.Engine.Requests;

namespace Provisioning.Engine.Results;

/// <summary>
/// Appends an agent's answer to its request. Idempotent by construction: the decider ignores a result
/// whose command is not the one the saga waits on (a duplicate, or a stale answer after a timeout).
/// </summary>
public sealed class StepResultConsumer(RequestStore requests, CommandDispatcher dispatcher, HostAdmission admission, ILogger<StepResultConsumer> log) : IConsumer<StepResult>, IConsumer<StepStarted>
{
    public async Task Consume(ConsumeContext<StepResult> context)
    {
        var clock = Stopwatch.StartNew();
        var r = context.Message;
        var command = new RecordStepResult(r.CommandId, r.Step, r.Mode, r.Attempt, r.Host, r.Succeeded, r.ErrorKind != StepErrorKind.Permanent,
            r.Error, r.Outputs, r.StartedAt, r.FinishedAt, r.Created, r.NotRun);
        var outcome = await requests.DecideAsync(r.RequestId, command, new Causation(null, r.CommandId.ToString(), "agent"), context.CancellationToken);
        // The next command goes out now rather than when the outbox notices it (which it still does, as the guarantee).
        if (await dispatcher.DispatchAsync(outcome.Dispatches, context.CancellationToken))
        {
            // Debug: the step's orchestration, result received -> next command sent (the engine benchmark reads it).
            log.LogDebug("Orchestrated {Step} of request {RequestId}: result recorded and next command sent in {ElapsedMs:0.00} ms",
                r.Step, r.RequestId, clock.Elapsed.TotalMilliseconds);
        }
        // The slot this result freed goes to the host's next waiting request, if its own next step did not take it.
        if (outcome.FreedSlotOn is { } host) await admission.AdmitAsync(host, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<StepStarted> context)
    {
        var s = context.Message;
        var outcome = await requests.DecideAsync(s.RequestId, new RecordStepStarted(s.CommandId, s.StartedAt),
            new Causation(null, s.CommandId.ToString(), "agent"), context.CancellationToken);
        await dispatcher.DispatchAsync(outcome.Dispatches, context.CancellationToken);
    }
}
