using Microsoft.Extensions.Logging;
using Provisioning.Hosting;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Provisioning.Engine.ErrorQueues;

/// <summary>
/// The error queues on the broker, over AMQP with the processes' own account (no management plugin needed): how many
/// messages each holds, and a re-drive that moves them back to the queue they came from. Operator actions, rare: each
/// opens its own short connection.
/// </summary>
public sealed class BrokerErrorQueues(RabbitMqOptions rabbit, ILogger<BrokerErrorQueues> log)
{
    /// <summary>The most one re-drive moves.</summary>
    public const int MaxPerRedrive = 10_000;

    /// <summary>The depth of each of <paramref name="queues"/>; 0 for one that does not exist (its consumer never faulted).</summary>
    public async Task<IReadOnlyDictionary<string, long>> DepthsAsync(IEnumerable<string> queues, CancellationToken ct)
    {
        await using var connection = await ConnectAsync(ct);
        var depths = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var queue in queues) depths[queue] = await DepthAsync(connection, queue, ct);
        return depths;
    }

    /// <summary>
    /// Moves up to <paramref name="max"/> messages of <paramref name="queue"/>'s error queue back to its exchange, oldest
    /// first, each acknowledged only once the broker confirmed its copy (a failure leaves it where it was). At most as
    /// many as were there when it began: a message that faults again on the way does not go round twice.
    /// </summary>
    public async Task<RedriveOutcome> RedriveAsync(ErrorQueue queue, int max, CancellationToken ct)
    {
        await using var connection = await ConnectAsync(ct);
        var limit = Math.Min(max, await DepthAsync(connection, queue.Name, ct));
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            ct);
        long moved = 0;
        string? refused = null;
        while (moved < limit && await channel.BasicGetAsync(queue.Name, autoAck: false, ct) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties) { Headers = WithoutFault(message.BasicProperties.Headers) };
            try
            {
                // Mandatory and confirmed: throws when the queue it came from is gone (returned) or the broker refuses it.
                await channel.BasicPublishAsync(queue.Of, routingKey: "", mandatory: true, properties, message.Body, ct);
            }
            catch (PublishException e)
            {
                // The original stays unacknowledged and goes back to the error queue with the channel.
                refused = e.IsReturn ? $"{queue.Of} has no queue bound to its exchange (its consumer never declared it, or it was deleted)"
                    : $"the broker refused the message for {queue.Of}";
                break;
            }
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
            moved++;
        }
        await channel.CloseAsync(ct);
        var left = await DepthAsync(connection, queue.Name, ct);
        log.LogWarning("Re-drove {Moved} messages from {ErrorQueue} to {Queue}; {Left} left{Refused}", moved, queue.Name, queue.Of, left,
            refused is null ? "" : $"; stopped: {refused}");
        return new RedriveOutcome(moved, left, refused);
    }

    /// <summary>The fault's headers (MassTransit's <c>MT-Fault-*</c>, <c>MT-Reason</c>) go: sent back, it is a message like any other.</summary>
    private static Dictionary<string, object?>? WithoutFault(IDictionary<string, object?>? headers) =>
        headers?.Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && h.Key != "MT-Reason")
            .ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);

    private static async Task<long> DepthAsync(IConnection connection, string queue, CancellationToken ct)
    {
        // A passive declare of a missing queue closes its channel (404): a channel of its own each time.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }

    private Task<IConnection> ConnectAsync(CancellationToken ct) => new ConnectionFactory
    {
        HostName = rabbit.Host,
        Port = rabbit.Port,
        VirtualHost = rabbit.VirtualHost,
        UserName = rabbit.Username,
        Password = rabbit.Password,
        ClientProvidedName = "provisioning error queues",
    }.CreateConnectionAsync(ct);
}

/// <summary>What a re-drive did: messages sent back, what the error queue still holds, and why it stopped early (null: it did not).</summary>
public sealed record RedriveOutcome(long Moved, long Left, string? Refused);
