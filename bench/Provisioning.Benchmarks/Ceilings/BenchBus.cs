using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Hosting;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// A started MassTransit bus in the run's vhost, made through the product's own <see cref="BusSetup"/>
/// (RabbitMQ, durable queues, publisher confirms), with the loop's consumers and their shared state.
/// </summary>
public sealed class BenchBus : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private BenchBus(ServiceProvider provider)
    {
        this.provider = provider;
        Bus = provider.GetRequiredService<IBusControl>();
    }

    /// <summary>The started bus.</summary>
    public IBusControl Bus { get; }

    /// <summary>Builds and starts a bus; <paramref name="services"/> registers the consumers' dependencies.</summary>
    public static async Task<BenchBus> StartAsync(CeilingsOptions options, string vhost,
        Action<IServiceCollection> services, Action<IBusRegistrationConfigurator> consumers, CancellationToken ct)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{RabbitMqOptions.Section}:Host"] = options.RabbitHost,
            [$"{RabbitMqOptions.Section}:Port"] = options.RabbitPort.ToString(CultureInfo.InvariantCulture),
            [$"{RabbitMqOptions.Section}:VirtualHost"] = vhost,
            [$"{RabbitMqOptions.Section}:Username"] = options.RabbitUsername,
            [$"{RabbitMqOptions.Section}:Password"] = options.RabbitPassword,
            [$"{RabbitMqOptions.Section}:QueuePrefix"] = "bench",
        }).Build();
        var collection = new ServiceCollection().AddLogging();
        services(collection);
        collection.AddProvisioningBus(configuration, (x, _) => consumers(x));
        var provider = collection.BuildServiceProvider();
        var bus = new BenchBus(provider);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await bus.Bus.StartAsync(timeout.Token);
            return bus;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>A send endpoint for queue <paramref name="queue"/>.</summary>
    public Task<ISendEndpoint> EndpointAsync(string queue) => Bus.GetSendEndpoint(new Uri($"queue:{queue}"));

    /// <summary>Stops the bus and disposes its container.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Bus.StopAsync(timeout.Token);
        }
        finally
        {
            await provider.DisposeAsync();
        }
    }
}
