using MassTransit;
using Provisioning.Contracts;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// A MassTransit bus of the test's own on a topology's virtual host, to put messages on the engine's or an
/// agent's queue exactly as the processes do (same message types, MessageId = command id, publisher confirms).
/// </summary>
public sealed class ResilienceBus : IAsyncDisposable
{
    private readonly IBusControl bus;

    private ResilienceBus(IBusControl bus) => this.bus = bus;

    public static async Task<ResilienceBus> StartAsync(string virtualHost)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(TestSettings.RabbitHost, 5672, virtualHost, h =>
        {
            h.Username("guest");
            h.Password("guest");
            h.PublisherConfirmation = true;
        }));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bus.StartAsync(timeout.Token);
        return new ResilienceBus(bus);
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="queue"/> with <paramref name="messageId"/>, correlated with its request.</summary>
    public async Task SendAsync<T>(string queue, T message, Guid messageId, Guid requestId)
        where T : class
    {
        var endpoint = await bus.GetSendEndpoint(Queues.Address(queue));
        await endpoint.Send(message, context =>
        {
            context.MessageId = messageId;
            context.CorrelationId = requestId;
        });
    }

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
