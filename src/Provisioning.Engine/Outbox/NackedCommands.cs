using System.Collections.Concurrent;
using MassTransit;
using Provisioning.Contracts;

namespace Provisioning.Engine.Outbox;

/// <summary>
/// Tells a send in flight that its host's queue nacked it. MassTransit takes a nack for a lost connection and sends again,
/// on and on, so the send itself never fails with it (a queue full with <c>reject-publish</c>, a policy, a quorum queue
/// without a leader); but each try passes through the send observers. <see cref="BusCommandSender"/> watches its command
/// while it sends, and on the first nack cancels the send and fails it with <see cref="CommandNackedException"/>, so it is
/// parked like a return instead of holding up the outbox. Only watched commands are recorded, and a watch ends with its
/// send, so nothing is left behind.
/// </summary>
public sealed class NackedCommands : ISendObserver
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<string>> watched = new();

    /// <summary>Watches <paramref name="commandId"/> until the returned watch is disposed; its task ends with the first nack's reason.</summary>
    public Watch Begin(Guid commandId)
    {
        var nacked = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        watched[commandId] = nacked;
        return new Watch(this, commandId, nacked);
    }

    public Task SendFault<T>(SendContext<T> context, Exception exception)
        where T : class
    {
        if (context.Message is ExecuteStep && context.MessageId is { } id && watched.TryGetValue(id, out var nacked) && SendRefusal.IsNack(exception))
        {
            nacked.TrySetResult(exception.GetBaseException().Message);
        }
        return Task.CompletedTask;
    }

    public Task PreSend<T>(SendContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostSend<T>(SendContext<T> context)
        where T : class => Task.CompletedTask;

    /// <summary>One send's watch on its command.</summary>
    public sealed class Watch(NackedCommands owner, Guid commandId, TaskCompletionSource<string> nacked) : IDisposable
    {
        /// <summary>Ends with the reason of the first nack.</summary>
        public Task<string> Nacked => nacked.Task;

        // Only this watch's entry: a second send of the same command may have begun its own.
        public void Dispose() => owner.watched.TryRemove(new KeyValuePair<Guid, TaskCompletionSource<string>>(commandId, nacked));
    }
}
