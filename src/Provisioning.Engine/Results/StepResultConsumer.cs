using MassTransit;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Requests;

namespace Provisioning.Engine.Results;

/// <summary>
/// Appends an agent's answer to its request. Idempotent by construction: the decider ignores a result
/// whose command is not the one the saga waits on (a duplicate, or a stale answer after a timeout).
/// </summary>
public sealed class StepResultConsumer(RequestStore requests) : IConsumer<StepResult>, IConsumer<StepStarted>
{
    public Task Consume(ConsumeContext<StepResult> context)
    {
        var r = context.Message;
        var command = new RecordStepResult(r.CommandId, r.Step,
            r.Mode == Contracts.StepMode.Execute ? Domain.Requests.StepMode.Execute : Domain.Requests.StepMode.Compensate,
            r.Attempt, r.Host, r.Succeeded, r.ErrorKind != StepErrorKind.Permanent, r.Error, r.Outputs, r.StartedAt, r.FinishedAt);
        return requests.DecideAsync(r.RequestId, command, new Causation(null, r.CommandId.ToString(), "agent"), context.CancellationToken);
    }

    public Task Consume(ConsumeContext<StepStarted> context)
    {
        var s = context.Message;
        return requests.DecideAsync(s.RequestId, new RecordStepStarted(s.CommandId, s.StartedAt),
            new Causation(null, s.CommandId.ToString(), "agent"), context.CancellationToken);
    }
}
