using MassTransit;
using Provisioning.Contracts;

namespace Provisioning.Hosting;

/// <summary>
/// How the processes send to one another: to the exchange of the receiver's queue, mandatory. The receiver declares its
/// own queue (of the type it is configured with, <see cref="RabbitMqOptions.QueueType"/>), so a sender never creates a
/// queue of the wrong type or for a receiver that does not exist; and a message no queue is bound for yet comes back
/// (the send fails with <see cref="MessageReturnedException"/>) instead of vanishing in an exchange without bindings.
/// </summary>
public static class RoutedSend
{
    /// <summary>The endpoint of <paramref name="queue"/>'s exchange, which the queue's receive endpoint binds to it.</summary>
    public static Task<ISendEndpoint> ToQueueOf(this ISendEndpointProvider sender, string queue) => sender.GetSendEndpoint(Queues.ExchangeOf(queue));

    /// <summary>The broker returns this send, and the send fails, when no queue is bound to its exchange.</summary>
    public static void Mandatory(this SendContext context)
    {
        if (context.TryGetPayload(out RabbitMqSendContext? rabbit)) rabbit.Mandatory = true;
    }
}
