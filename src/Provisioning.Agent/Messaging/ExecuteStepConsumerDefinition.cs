using MassTransit;
using Provisioning.Contracts;
using Provisioning.Hosting;

namespace Provisioning.Agent.Messaging;

/// <summary>
/// Puts the consumer on this host's own queue (<see cref="Queues.Agent"/>), resolved from DI when the
/// bus starts, so the host name comes from configuration (or the machine) in one place.
/// </summary>
public sealed class ExecuteStepConsumerDefinition : ConsumerDefinition<ExecuteStepConsumer>
{
    public ExecuteStepConsumerDefinition(AgentOptions options, RabbitMqOptions rabbit)
    {
        ConcurrentMessageLimit = options.MaxConcurrentCommands;
        Endpoint(e =>
        {
            e.Name = Queues.Agent(rabbit.QueuePrefix, options.HostName!);
            e.ConcurrentMessageLimit = options.MaxConcurrentCommands;
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
    }
}
