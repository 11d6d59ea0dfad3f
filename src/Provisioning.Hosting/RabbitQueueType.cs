namespace Provisioning.Hosting;

/// <summary>The RabbitMQ queue type every endpoint is declared with (<see cref="RabbitMqOptions.QueueType"/>).</summary>
public enum RabbitQueueType
{
    /// <summary>A single node's queue: no replication, no delivery count.</summary>
    Classic,

    /// <summary>Raft-replicated across the cluster's nodes, with a delivery limit and dead-lettering.</summary>
    Quorum,
}
