using MassTransit;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>Answers a <see cref="Ping"/> by sending a <see cref="Pong"/> to the reply queue (a Send, as agents answer the engine).</summary>
public sealed class PingConsumer : IConsumer<Ping>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<Ping> context)
    {
        var replies = await context.GetSendEndpoint(new Uri($"queue:{BenchQueues.Pong}"));
        await replies.Send(new Pong(context.Message.Id), context.CancellationToken);
    }
}
