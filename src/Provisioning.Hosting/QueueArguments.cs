namespace Provisioning.Hosting;

/// <summary>The RabbitMQ queue arguments the processes set or clear, named once.</summary>
public static class QueueArguments
{
    /// <summary>Quorum queues: deliveries (give-backs) before the broker dead-letters a message.</summary>
    public const string DeliveryLimit = "x-delivery-limit";

    /// <summary>Where the broker dead-letters a message past the delivery limit.</summary>
    public const string DeadLetterExchange = "x-dead-letter-exchange";
}
