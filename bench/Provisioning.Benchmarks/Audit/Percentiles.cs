using System.Diagnostics;

namespace Provisioning.Benchmarks.Audit;

/// <summary>Latency figures of one measured operation.</summary>
public sealed record Percentiles(string Name, int Count, double P50, double P95, double Max, double MeanRows)
{
    /// <summary>Runs <paramref name="run"/> (which returns the rows it got) <paramref name="count"/> times after a few warm-ups.</summary>
    public static async Task<Percentiles> MeasureAsync(string name, int count, Func<int, Task<int>> run)
    {
        for (var i = 0; i < Math.Min(5, count); i++) await run(-1 - i);
        var ms = new double[count];
        long rows = 0;
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            rows += await run(i);
            ms[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(ms);
        return new Percentiles(name, count, At(ms, 0.50), At(ms, 0.95), ms[^1], (double)rows / count);
    }

    // Nearest rank.
    private static double At(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
