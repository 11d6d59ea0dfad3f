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
}
