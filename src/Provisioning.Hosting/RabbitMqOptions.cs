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
}
