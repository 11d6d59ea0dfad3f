using Provisioning.Contracts;

namespace Provisioning.Engine.ErrorQueues;

/// <summary>
/// An error queue of the installation: where MassTransit put the messages a consumer faulted on for good (a result
/// the engine could not record, a command an agent could not even start), next to the queue they came from.
/// </summary>
/// <param name="Name">The error queue.</param>
/// <param name="Of">The queue whose consumer faulted; a re-drive sends the messages back to its exchange.</param>
/// <param name="Host">The host whose agent consumes <paramref name="Of"/>; null for the engine's queues.</param>
public sealed record ErrorQueue(string Name, string Of, string? Host)
{
    /// <summary>
    /// Every error queue there can be: the engine's three (results and starts, heartbeats, dead letters) and one per host
    /// that ever announced itself. Names, not a listing of the broker: only these may be re-driven.
    /// </summary>
    public static IReadOnlyList<ErrorQueue> All(string prefix, IEnumerable<string> hosts)
    {
        ErrorQueue Engine(string queue) => new(Queues.ErrorOf(queue), queue, null);
        return
        [
            Engine(Queues.Engine(prefix)),
            Engine(Queues.Heartbeats(prefix)),
            Engine(Queues.DeadLetters(prefix)),
            .. hosts.Order(StringComparer.Ordinal).Select(h => new ErrorQueue(Queues.ErrorOf(Queues.Agent(prefix, h)), Queues.Agent(prefix, h), h)),
        ];
    }
}
