using System.Collections.Concurrent;
using MassTransit;
using Provisioning.Contracts;

namespace Provisioning.Engine.Outbox;

/// <summary>
/// The commands whose host's queue nacked them while their send was under way. MassTransit takes a nack for a lost
/// connection and sends again, on and on, so the send itself never fails with it (a queue full with
/// <c>reject-publish</c>, a policy, a quorum queue without a leader); but each try passes through the send observers.
/// <see cref="BusCommandSender"/> bounds its send, and when it ran out of time with a nack seen here, the host refused the
/// command (<see cref="CommandNackedException"/>) and it is parked like a return, instead of holding up the outbox.
/// </summary>
public sealed class NackedCommands : ISendObserver
{
    private readonly ConcurrentDictionary<Guid, string> nacked = new();

    /// <summary>Why the broker refused <paramref name="commandId"/>, if it did, forgetting it.</summary>
    public string? Take(Guid commandId) => nacked.TryRemove(commandId, out var why) ? why : null;

    public Task SendFault<T>(SendContext<T> context, Exception exception)
        where T : class
    {
        if (context.Message is ExecuteStep && context.MessageId is { } id && SendRefusal.IsNack(exception))
        {
            nacked[id] = exception.GetBaseException().Message;
        }
        return Task.CompletedTask;
    }

    public Task PreSend<T>(SendContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostSend<T>(SendContext<T> context)
        where T : class => Task.CompletedTask;
}
