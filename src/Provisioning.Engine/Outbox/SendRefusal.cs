using MassTransit;
using Provisioning.Hosting;

namespace Provisioning.Engine.Outbox;

/// <summary>
/// Whether a failed send was refused for its host (the broker answered, about this one destination) rather than lost to
/// the broker being away. A refusal is parked for that host (<see cref="ParkedSends"/>) so the other hosts' commands
/// flow; a broker outage stops every host alike, and is waited out in place.
/// </summary>
public static class SendRefusal
{
    public static bool IsHostSpecific(Exception e) => ExceptionChain.Any(e, x => x is
        // Returned: no queue is bound to the host's exchange (its agent never declared one, or it was deleted).
        MessageReturnedException
        // Nacked: the send saw its queue nack it and gave up at once (NackedCommands, BusCommandSender).
        or CommandNackedException) || IsNack(e);

    /// <summary>
    /// Nacked: the host's queue refused it (full with overflow reject-publish, a policy, a quorum queue without a leader).
    /// The broker itself answered, so it is not away.
    /// </summary>
    public static bool IsNack(Exception e) => ExceptionChain.Any(e, x => x is RabbitMQ.Client.Exceptions.PublishException { IsReturn: false });
}
