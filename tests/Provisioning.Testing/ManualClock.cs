namespace Provisioning.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose time moves only when a test moves it, timers included: what code under test waits
/// for (<c>Task.Delay(d, clock)</c>, a <c>CancellationTokenSource(d, clock)</c>) happens when the test advances past it, in
/// due order. A test can see which timers are waiting, so it asserts what holds at each point of the code's own time,
/// never how long a wall clock took.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly object gate = new();
    private readonly List<Timer> timers = [];
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate) return now;
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>When each armed timer is due, earliest first.</summary>
    public IReadOnlyList<DateTimeOffset> PendingTimers
    {
        get
        {
            lock (gate) return timers.Where(t => t.Due is not null).Select(t => t.Due!.Value).Order().ToList();
        }
    }

    /// <summary>Moves time by <paramref name="by"/>, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by) => AdvanceTo(GetUtcNow() + by);

    /// <summary>Moves time to <paramref name="when"/> (never back), firing every timer due by then, in order.</summary>
    public void AdvanceTo(DateTimeOffset when)
    {
        while (true)
        {
            Timer? next;
            lock (gate)
            {
                next = timers.Where(t => t.Due <= when).MinBy(t => t.Due);
                if (next is null)
                {
                    if (when > now) now = when;
                    return;
                }
                if (next.Due > now) now = next.Due!.Value;
                next.Due = next.Period is { } period ? now + period : null;
            }
            next.Fire();
        }
    }

    private sealed class Timer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan? Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock.gate)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
                if (!clock.timers.Contains(this)) clock.timers.Add(this);
            }
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock.gate) clock.timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
