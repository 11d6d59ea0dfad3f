using System.Collections.Concurrent;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>Callers waiting for their <see cref="Pong"/>, by ping id.</summary>
public sealed class PendingReplies
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> waiting = new();

    /// <summary>Registers a caller; the task completes when its reply arrives.</summary>
    public Task Expect(Guid id)
    {
        var reply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[id] = reply;
        return reply.Task;
    }

    /// <summary>Completes the caller of <paramref name="id"/>; a reply nobody waits for (any more) is dropped.</summary>
    public void Complete(Guid id)
    {
        if (waiting.TryRemove(id, out var reply)) reply.TrySetResult();
    }

    /// <summary>Forgets a caller that gave up.</summary>
    public void Forget(Guid id) => waiting.TryRemove(id, out _);
}
