using System.Diagnostics;

namespace Provisioning.Benchmarks.Measure;

/// <summary>
/// The measured part of a timed loop: closed until the warm-up is over, open for the measured seconds,
/// closed again after. Workers ask <see cref="Contains"/> with a <see cref="Stopwatch.GetTimestamp"/>
/// reading to decide whether an operation counts.
/// </summary>
public sealed class MeasureWindow
{
    private long start = long.MaxValue;
    private long end = long.MaxValue;

    /// <summary>Whether <paramref name="timestamp"/> falls inside the window (open, and not yet closed at that time).</summary>
    public bool Contains(long timestamp) => timestamp >= Volatile.Read(ref start) && timestamp < Volatile.Read(ref end);

    /// <summary>Length of the window once closed, in seconds.</summary>
    public double Seconds => Stopwatch.GetElapsedTime(Volatile.Read(ref start), Volatile.Read(ref end)).TotalSeconds;

    /// <summary>Waits out the warm-up, opens the window, waits the measured time and closes it.</summary>
    public async Task RunAsync(TimeSpan warmUp, TimeSpan measure, CancellationToken ct)
    {
        await Task.Delay(warmUp, ct);
        Volatile.Write(ref start, Stopwatch.GetTimestamp());
        await Task.Delay(measure, ct);
        Volatile.Write(ref end, Stopwatch.GetTimestamp());
    }
}
