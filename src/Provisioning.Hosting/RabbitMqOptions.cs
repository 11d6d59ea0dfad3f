using Provisioning.Contracts;

namespace Provisioning.Hosting;

/// <summary>Broker connection (configuration section <c>RabbitMq</c>).</summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>Prefix of every queue name; separate installations or test runs on one broker use different ones.</summary>
    public string QueuePrefix { get; set; } = Queues.DefaultPrefix;

    /// <summary>
    /// The type of every queue the processes declare: <see cref="RabbitQueueType.Quorum"/> replicates across a cluster and
    /// counts deliveries (a command that kills its agent each time it is delivered is dead-lettered after
    /// <see cref="DeliveryLimit"/> instead of looping). A queue keeps the type it was declared with: switching means
    /// draining and deleting the queues first (the broker refuses an endpoint whose type differs).
    /// </summary>
    public RabbitQueueType QueueType { get; set; } = RabbitQueueType.Classic;

    /// <summary>
    /// On quorum queues: how many times a command may be delivered to its agent without an answer (the agent died or lost
    /// its channel with it) before the broker dead-letters it to the engine, which records the step as failed.
    /// </summary>
    public int DeliveryLimit { get; set; } = 20;
}
