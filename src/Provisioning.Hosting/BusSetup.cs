using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Provisioning.Hosting;

/// <summary>
/// One MassTransit bus per process. Each module (engine, agent) adds its consumers through
/// <paramref name="modules"/>, so the all-in-one host and the split processes share one set-up.
/// </summary>
public static class BusSetup
{
    /// <summary>Registers the bus on RabbitMQ with durable queues of the configured type and publisher confirms.</summary>
    public static IServiceCollection AddProvisioningBus(
        this IServiceCollection services,
        IConfiguration configuration,
        params Action<IBusRegistrationConfigurator, RabbitMqOptions>[] modules)
    {
        var options = configuration.GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        services.AddSingleton(options);
        services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            foreach (var module in modules) module(x, options);
            // Every endpoint's queue gets the configured type; the agent's adds its delivery limit (ExecuteStepConsumerDefinition).
            x.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                if (options.QueueType == RabbitQueueType.Quorum && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SetQuorumQueue();
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(options.Host, options.Port, options.VirtualHost, h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                    h.PublisherConfirmation = true;
                });
                // MassTransit declares a queue's _error and _skipped queues with the queue's own arguments. The agent's delivery
                // limit and dead-letter exchange are for commands: on its _error queue they would dead-letter a message to the
                // engine after that many failed re-drives, as if it were a command given back.
                cfg.SendTopology.ConfigureErrorSettings = WithoutRedeliveryArguments;
                cfg.SendTopology.ConfigureDeadLetterSettings = WithoutRedeliveryArguments;
                cfg.ConfigureEndpoints(context);
            });
        });
        services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return services;
    }

    /// <summary>The queue arguments that only the queue a command is delivered from may have (null removes an argument).</summary>
    private static void WithoutRedeliveryArguments(IRabbitMqQueueBindingConfigurator queue)
    {
        queue.SetQueueArgument(QueueArguments.DeliveryLimit, null!);
        queue.SetQueueArgument(QueueArguments.DeadLetterExchange, null!);
    }
}
