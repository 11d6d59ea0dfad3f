using MassTransit;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>Completes the caller waiting for a <see cref="Pong"/>.</summary>
public sealed class PongConsumer(PendingReplies pending) : IConsumer<Pong>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<Pong> context)
    {
        pending.Complete(context.Message.Id);
        return Task.CompletedTask;
    }
}
