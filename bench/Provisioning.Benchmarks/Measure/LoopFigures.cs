using System.Globalization;

namespace Provisioning.Benchmarks.Measure;

/// <summary>
/// Figures of one timed loop: how many operations completed inside the measured window, its length,
/// the rate, and the latency percentiles (nearest rank, milliseconds; 0 when there was no sample).
/// </summary>
public sealed record LoopFigures(string Name, int Concurrency, long Operations, double Seconds, double PerSecond, double P50Ms, double P95Ms, double P99Ms)
{
    /// <summary>Figures from a window of <paramref name="seconds"/> with <paramref name="operations"/> done and the latencies in <paramref name="samples"/>.</summary>
    public static LoopFigures From(string name, int concurrency, long operations, double seconds, LatencySamples samples)
    {
        var sorted = samples.Sorted();
        return new LoopFigures(name, concurrency, operations, seconds, seconds > 0 ? operations / seconds : 0,
            LatencySamples.NearestRank(sorted, 0.50), LatencySamples.NearestRank(sorted, 0.95), LatencySamples.NearestRank(sorted, 0.99));
    }

    /// <summary>One aligned line for the console.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-22} x{Concurrency,-3} {Operations,8:N0} ops in {Seconds,5:F1} s = {PerSecond,8:F1}/s   p50 {P50Ms,7:F2} ms  p95 {P95Ms,7:F2} ms  p99 {P99Ms,7:F2} ms");
}
