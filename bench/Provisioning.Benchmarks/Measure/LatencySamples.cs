using System.Diagnostics;

namespace Provisioning.Benchmarks.Measure;

/// <summary>
/// Every latency sample of one run, in milliseconds (no sampling, no histogram buckets), safe to add to
/// from many threads. Percentiles are nearest rank over the full set.
/// </summary>
public sealed class LatencySamples
{
    private readonly Lock gate = new();
    private readonly List<double> milliseconds = [];

    /// <summary>How many samples were added.</summary>
    public int Count
    {
        get
        {
            lock (gate) return milliseconds.Count;
        }
    }

    /// <summary>Adds one sample in milliseconds.</summary>
    public void Add(double ms)
    {
        lock (gate) milliseconds.Add(ms);
    }

    /// <summary>Adds the time between two <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
    public void AddElapsed(long startTimestamp, long endTimestamp) => Add(Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalMilliseconds);

    /// <summary>A sorted copy of the samples so far.</summary>
    public double[] Sorted()
    {
        double[] copy;
        lock (gate) copy = [.. milliseconds];
        Array.Sort(copy);
        return copy;
    }

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1) of the samples so far; 0 when there are none.</summary>
    public double Percentile(double p) => NearestRank(Sorted(), p);

    /// <summary>
    /// Nearest rank over an ascending list: the smallest value with at least <paramref name="p"/> of the
    /// samples at or below it. 0 for an empty list (so the figures stay valid JSON numbers).
    /// </summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        if (sorted.Count == 0) return 0;
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
