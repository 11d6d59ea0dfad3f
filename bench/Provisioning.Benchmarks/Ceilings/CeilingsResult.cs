using Provisioning.Benchmarks.Measure;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>Every run of the ceilings benchmark, in the order they ran (see <see cref="LoopNames"/>).</summary>
public sealed record CeilingsResult(IReadOnlyList<LoopFigures> Loops)
{
    /// <summary>The run of loop <paramref name="name"/> at <paramref name="concurrency"/>, if it ran.</summary>
    public LoopFigures? Find(string name, int concurrency) =>
        Loops.FirstOrDefault(l => l.Name == name && l.Concurrency == concurrency);

    /// <summary>The light-load run (concurrency 1) of loop <paramref name="name"/>: its p50 is the latency baseline.</summary>
    public LoopFigures? Light(string name) => Find(name, 1);

    /// <summary>The run of loop <paramref name="name"/> at its highest concurrency: its rate is the throughput ceiling.</summary>
    public LoopFigures? Loaded(string name) =>
        Loops.Where(l => l.Name == name).OrderByDescending(l => l.Concurrency).FirstOrDefault();
}
