using MassTransit;
using Provisioning.Contracts;
using Provisioning.Hosting;

namespace Provisioning.Agent.Messaging;

/// <summary>
/// The agent's end of the protocol: for each command, <see cref="StepStarted"/> then exactly one
/// <see cref="StepResult"/> to the engine's queue. Never throws for a step's failure, so MassTransit
/// neither retries nor faults a command: what to do next is the engine's decision.
/// </summary>
public sealed class ExecuteStepConsumer(CommandRunner runner, RabbitMqOptions rabbit) : IConsumer<ExecuteStep>
{
    public async Task Consume(ConsumeContext<ExecuteStep> context)
    {
        var command = context.Message;
        var engine = await context.GetSendEndpoint(Queues.Address(Queues.Engine(rabbit.QueuePrefix)));
        var result = await runner.RunAsync(
            command,
            started => engine.Send(started, Correlate<StepStarted>(command.RequestId), CancellationToken.None),
            context.CancellationToken);
        await engine.Send(result, Correlate<StepResult>(command.RequestId), CancellationToken.None);
    }

    private static Action<SendContext<T>> Correlate<T>(Guid requestId)
        where T : class => send => send.CorrelationId = requestId;
}
