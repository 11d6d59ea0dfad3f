using System.Collections.Concurrent;
using Provisioning.Contracts;

namespace Provisioning.Agent.Messaging.Ledger;

/// <summary>
/// The commands this agent has answered or is running, by command id, so that a redelivered or replayed command is
/// answered with its known result without touching the host again and two deliveries of one command at once run it
/// once; and the executions an undo has superseded, which are refused whenever they come. With a
/// <see cref="LedgerJournal"/> (<see cref="AgentOptions.StateDirectory"/>) both survive a restart: an answer is on the
/// disk before it leaves the agent. Bounded: past the capacity the oldest answers are forgotten first, but only once their
/// command can no longer validly come (past its not-after and timeout), and every entry after its horizon (a forgotten
/// command that comes back is refused as expired).
/// </summary>
public sealed class CommandLedger : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Task<StepResult>> entries = new();
    private readonly ConcurrentDictionary<Guid, LedgerEntry> answered = new();
    private readonly ConcurrentDictionary<Guid, LedgerEntry> superseded = new();
    private readonly ConcurrentDictionary<Guid, LedgerEntry> started = new();
    private readonly ConcurrentQueue<Guid> order = new();
    // Held while the journal and the maps it mirrors change together, so a rewrite never misses an entry appended meanwhile.
    private readonly Lock sync = new();
    private readonly int capacity;
    private readonly LedgerJournal? journal;
    private readonly TimeProvider clock;
    private DateTimeOffset compactedAt;

    /// <summary>A ledger in memory only (lost with the process).</summary>
    public CommandLedger(int capacity) : this(capacity, null, [], TimeProvider.System)
    {
    }

    private CommandLedger(int capacity, LedgerJournal? journal, IReadOnlyList<LedgerEntry> live, TimeProvider clock)
    {
        this.capacity = capacity;
        this.journal = journal;
        this.clock = clock;
        compactedAt = clock.GetUtcNow();
        foreach (var entry in live) Restore(entry);
    }

    /// <summary>A ledger kept in <paramref name="directory"/>, with what it held when the agent last stopped.</summary>
    public static CommandLedger Durable(int capacity, string directory, string host, TimeProvider clock)
    {
        var (journal, live) = LedgerJournal.Open(directory, host, clock.GetUtcNow());
        return new CommandLedger(capacity, journal, live, clock);
    }

    /// <summary>The journal's file, when durable.</summary>
    public string? JournalPath => journal?.Path;

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

    /// <summary>The run of <paramref name="commandId"/> this agent knows (finished or in flight), if any.</summary>
    public Task<StepResult>? Find(Guid commandId) => entries.TryGetValue(commandId, out var run) ? run : null;

    /// <summary>
    /// Records the result (on the disk first, when durable): later deliveries get it as it is. False when the disk
    /// refused it (full, failing): the answer stands in memory, but would not survive a restart.
    /// </summary>
    public bool Complete(TaskCompletionSource<StepResult> claim, ExecuteStep command, StepResult result)
    {
        var entry = new LedgerEntry(command.CommandId, KeepUntil(command), result);
        try
        {
            lock (sync)
            {
                answered[command.CommandId] = entry;
                started.TryRemove(command.CommandId, out _);
                return Journal(entry);
            }
        }
        finally
        {
            // Whatever the disk said: a claim left open would hold every redelivery of the command, and its undo, for ever.
            claim.TrySetResult(result);
        }
    }

    /// <summary>
    /// Records that <paramref name="command"/> begins on the host (on the disk first, when durable): cut short by a crash
    /// and come again past its not-after, it is answered as interrupted, not as never run. False when the disk refused it.
    /// </summary>
    public bool MarkStarted(ExecuteStep command)
    {
        var entry = new LedgerEntry(command.CommandId, KeepUntil(command), Started: true);
        lock (sync)
        {
            started[command.CommandId] = entry;
            return Journal(entry);
        }
    }

    /// <summary>Whether <paramref name="commandId"/> began on this host without an answer being recorded (it was cut short).</summary>
    public bool WasStarted(Guid commandId) => started.ContainsKey(commandId);

    /// <summary>Forgets a claim whose result must not be replayed (the agent stopped mid-step): a redelivery runs it again.</summary>
    public void Abandon(Guid commandId, TaskCompletionSource<StepResult> claim, StepResult result)
    {
        entries.TryRemove(new KeyValuePair<Guid, Task<StepResult>>(commandId, claim.Task));
        claim.TrySetResult(result);
    }

    /// <summary>
    /// Records that <paramref name="undo"/> takes back <paramref name="execution"/> (on the disk first, when durable):
    /// from now on that execution is refused unrun. Returns false when it was recorded already.
    /// </summary>
    public bool Supersede(Guid execution, ExecuteStep undo)
    {
        var entry = new LedgerEntry(execution, KeepUntil(undo), SupersededBy: undo.CommandId);
        lock (sync)
        {
            if (superseded.ContainsKey(execution)) return false;
            superseded[execution] = entry;
            Journal(entry);
        }
        return true;
    }

    /// <summary>The undo that superseded <paramref name="execution"/>, if one did.</summary>
    public Guid? SupersededBy(Guid execution) => superseded.TryGetValue(execution, out var entry) ? entry.SupersededBy : null;

    public void Dispose() => journal?.Dispose();

    /// <summary>
    /// How long an answer must be remembered: until the command can no longer start (its not-after), then through its
    /// run and well past the engine's deadline for it (an hour), when any copy of it that still comes is refused as expired.
    /// </summary>
    private DateTimeOffset KeepUntil(ExecuteStep command)
    {
        var from = command.StartBy ?? clock.GetUtcNow();
        var run = command.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(command.TimeoutSeconds) : Running.CommandStages.DefaultTimeout;
        return from + run + Retention;
    }

    /// <summary>How long past a command's possible end its answer is kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    /// <summary>Appends to the journal and compacts it when grown; false when the disk refused. Called under <see cref="sync"/>.</summary>
    private bool Journal(LedgerEntry entry)
    {
        if (journal is null) return true;
        try
        {
            journal.Append(entry);
            CompactIfGrown();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void Restore(LedgerEntry entry)
    {
        if (entry.SupersededBy is not null)
        {
            superseded[entry.Id] = entry;
            return;
        }
        if (entry.Started)
        {
            if (!answered.ContainsKey(entry.Id)) started[entry.Id] = entry;
            return;
        }
        if (entry.Result is not { } result) return;
        entries[entry.Id] = Task.FromResult(result);
        answered[entry.Id] = entry;
        started.TryRemove(entry.Id, out _);
        order.Enqueue(entry.Id);
        Trim();
    }

    /// <summary>
    /// Past the capacity, forgets the oldest answers, but never one whose command may still validly come (before its
    /// not-after and timeout: <see cref="LedgerEntry.KeepUntil"/> less <see cref="Retention"/>), which would run again: the
    /// capacity bounds only what is kept for retention's sake, and a burst within the horizon holds what it must.
    /// </summary>
    private void Trim()
    {
        var skipped = 0;
        var now = clock.GetUtcNow();
        while (entries.Count > capacity && skipped < order.Count && order.TryDequeue(out var oldest))
        {
            if (entries.TryGetValue(oldest, out var task) && !task.IsCompleted)
            {
                // Still running: never forget a command in flight.
                order.Enqueue(oldest);
                skipped++;
                continue;
            }
            if (answered.TryGetValue(oldest, out var entry) && entry.KeepUntil - Retention > now)
            {
                // Within its horizon: kept, to the back of the order, and this trim ends. Horizons differ (a step's timeout is
                // in them), so a retained one may sit behind it; the next claim's trim goes on from there.
                order.Enqueue(oldest);
                break;
            }
            entries.TryRemove(oldest, out _);
            answered.TryRemove(oldest, out _);
        }
    }

    /// <summary>How often a journal of a thousand lines or more is rewritten without what has passed its horizon.</summary>
    public static readonly TimeSpan CompactEvery = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Rewrites the journal with what is still live once it holds twice as many lines as there are entries (and at least
    /// a thousand), or every <see cref="CompactEvery"/> once it holds a thousand (entries past their horizon go then).
    /// Called under <see cref="sync"/>.
    /// </summary>
    private void CompactIfGrown()
    {
        if (journal is null) return;
        var live = answered.Count + superseded.Count + started.Count;
        var now = clock.GetUtcNow();
        var lines = journal.Lines;
        if (lines < 1000 || (lines < 2 * live && now - compactedAt < CompactEvery)) return;
        compactedAt = now;
        foreach (var (id, entry) in superseded)
        {
            if (entry.KeepUntil <= now) superseded.TryRemove(id, out _);
        }
        foreach (var (id, entry) in started)
        {
            if (entry.KeepUntil <= now) started.TryRemove(id, out _);
        }
        foreach (var (id, entry) in answered)
        {
            if (entry.KeepUntil > now) continue;
            answered.TryRemove(id, out _);
            entries.TryRemove(id, out _);
        }
        journal.Compact([.. superseded.Values, .. started.Values, .. answered.Values]);
    }
}
