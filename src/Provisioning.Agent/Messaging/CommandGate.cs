using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging;

/// <summary>
/// Lets at most <see cref="AgentOptions.MaxConcurrentCommands"/> steps run at once and decides which waiting command
/// runs next: undo before do, then the oldest request's (request ids are version-7 GUIDs, ordered by their creation
/// time), then the one that came first. The broker's queue is first in, first out, so with many requests on one host
/// every request's first step used to run before any request's second: twenty guests were created in waves and all
/// booted together at the end. Picking the oldest request among the commands the agent holds
/// (<see cref="AgentOptions.CommandWindow"/>) finishes what it started first, like a hand-run
/// <c>xargs -P</c>, and an undo never waits behind new work.
/// </summary>
public sealed class CommandGate(AgentOptions options)
{
    private readonly Lock sync = new();
    private readonly PriorityQueue<TaskCompletionSource, Order> waiting = new();
    private int running;
    private long arrivals;

    /// <summary>Commands waiting for a slot now.</summary>
    public int Waiting
    {
        get
        {
            lock (sync) return waiting.Count;
        }
    }

    /// <summary>Waits for a slot for <paramref name="command"/>; dispose the result to free it.</summary>
    public async Task<IDisposable> EnterAsync(ExecuteStep command, CancellationToken ct)
    {
        TaskCompletionSource turn;
        lock (sync)
        {
            if (running < options.MaxConcurrentCommands && waiting.Count == 0)
            {
                running++;
                return new Slot(this);
            }
            turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting.Enqueue(turn, new Order(command.Mode == StepMode.Compensate ? 0 : 1, command.RequestId, arrivals++));
        }
        // A cancelled waiter stays in the queue, marked; Release skips it. A turn granted in the same instant as the
        // cancel wins (TrySetCanceled then fails), and the caller owns the slot it got.
        await using (ct.Register(() => turn.TrySetCanceled(ct)))
        {
            await turn.Task;
        }
        return new Slot(this);
    }

    private void Release()
    {
        lock (sync)
        {
            while (waiting.TryDequeue(out var next, out _))
            {
                // The slot passes straight to the next waiter: running stays as it is.
                if (next.TrySetResult()) return;
            }
            running--;
        }
    }

    private readonly record struct Order(int Rank, Guid RequestId, long Arrival) : IComparable<Order>
    {
        public int CompareTo(Order other)
        {
            var byRank = Rank.CompareTo(other.Rank);
            if (byRank != 0) return byRank;
            var byRequest = RequestId.CompareTo(other.RequestId);
            return byRequest != 0 ? byRequest : Arrival.CompareTo(other.Arrival);
        }
    }

    private sealed class Slot(CommandGate gate) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) gate.Release();
        }
    }
}
