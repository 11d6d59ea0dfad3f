using System.Collections.Concurrent;
using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging;

/// <summary>
/// The commands this agent has run or is running, by command id, so that a redelivered command is
/// answered with its known result without touching the host again and two deliveries of one command
/// at once run it once. Bounded: the oldest finished entries are forgotten first (a forgotten
/// command that comes back is simply run again, which idempotent steps allow).
/// </summary>
public sealed class CommandLedger(int capacity)
{
    private readonly ConcurrentDictionary<Guid, Task<StepResult>> entries = new();
    private readonly ConcurrentQueue<Guid> order = new();

    public int Count => entries.Count;

    /// <summary>
    /// Claims <paramref name="commandId"/>. Returns null when the caller now owns it and must call
    /// <see cref="Complete"/> or <see cref="Abandon"/>; otherwise the run already known (finished or in flight).
    /// </summary>
    public Task<StepResult>? TryClaim(Guid commandId, out TaskCompletionSource<StepResult> claim)
    {
        claim = new TaskCompletionSource<StepResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var existing = entries.GetOrAdd(commandId, claim.Task);
        if (existing != claim.Task) return existing;
        order.Enqueue(commandId);
        Trim();
        return null;
    }

    /// <summary>Records the result: later deliveries get it as it is.</summary>
    public static void Complete(TaskCompletionSource<StepResult> claim, StepResult result) => claim.TrySetResult(result);

    /// <summary>Forgets a claim whose result must not be replayed (the agent stopped mid-step): a redelivery runs it again.</summary>
    public void Abandon(Guid commandId, TaskCompletionSource<StepResult> claim, StepResult result)
    {
        entries.TryRemove(new KeyValuePair<Guid, Task<StepResult>>(commandId, claim.Task));
        claim.TrySetResult(result);
    }

    private void Trim()
    {
        var skipped = 0;
        while (entries.Count > capacity && skipped < order.Count && order.TryDequeue(out var oldest))
        {
            if (entries.TryGetValue(oldest, out var task) && !task.IsCompleted)
            {
                // Still running: never forget a command in flight.
                order.Enqueue(oldest);
                skipped++;
                continue;
            }
            entries.TryRemove(oldest, out _);
        }
    }
}
