using MassTransit;
using MassTransit.Middleware;
using Provisioning.Contracts;
using Provisioning.Hosting;

namespace Provisioning.Agent.Messaging;

/// <summary>
/// Puts the consumer on this host's own queue (<see cref="Queues.Agent"/>), resolved from DI when the
/// bus starts, so the host name comes from configuration (or the machine) in one place.
/// </summary>
public sealed class ExecuteStepConsumerDefinition : ConsumerDefinition<ExecuteStepConsumer>
{
    private readonly RabbitMqOptions rabbit;

    public ExecuteStepConsumerDefinition(AgentOptions options, RabbitMqOptions rabbit)
    {
        this.rabbit = rabbit;
        // The window, not the slots: the CommandGate runs MaxConcurrentCommands of these and picks which.
        ConcurrentMessageLimit = options.EffectiveCommandWindow;
        Endpoint(e =>
        {
            e.Name = Queues.Agent(rabbit.QueuePrefix, options.HostName!);
            e.ConcurrentMessageLimit = options.EffectiveCommandWindow;
            e.PrefetchCount = options.EffectiveCommandWindow;
            // Commands reach a host only by Send to its queue: never bind the queue to the ExecuteStep
            // exchange, or every agent would receive every published command.
            e.ConfigureConsumeTopology = false;
        });
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ExecuteStepConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Deliberately no UseMessageRetry: a failed step is a result, not an exception to retry.
        // No Fault<ExecuteStep> events: nobody consumes them (results are the protocol), and publishing one is
        // another wait on the broker, in the consume's slot, when the broker is what failed.
        endpointConfigurator.PublishFaults = false;
        // A quorum queue counts deliveries: a command delivered this many times without an answer (it kills the agent, or
        // the channel dies under it, every time) goes to the engine, which records its step as failed, instead of
        // crashing the agent forever. The queue type itself comes with every endpoint (BusSetup).
        if (rabbit.QueueType == RabbitQueueType.Quorum && endpointConfigurator is IRabbitMqReceiveEndpointConfigurator queue)
        {
            queue.SetQueueArgument(QueueArguments.DeliveryLimit, rabbit.DeliveryLimit);
            queue.SetQueueArgument(QueueArguments.DeadLetterExchange, Queues.DeadLetters(rabbit.QueuePrefix));
        }
        // A result the broker did not take goes back to the queue (redelivery answers from the ledger); any other
        // fault goes to the _error queue as MassTransit's default does, without a fault event (PublishFaults above).
        endpointConfigurator.ConfigureError(error =>
        {
            error.UseFilter(new RedeliverUnsentResults());
            error.UseFilter(new GenerateFaultFilter());
            error.UseFilter(new ErrorTransportFilter());
        });
    }
}
