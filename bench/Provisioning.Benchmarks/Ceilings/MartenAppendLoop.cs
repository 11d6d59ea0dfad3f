using System.Diagnostics;
using Marten;
using Provisioning.Benchmarks.Measure;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// Ceiling (a): each worker appends one event at a time to its own stream (FetchForWriting + append +
/// SaveChanges in a lightweight session) and starts a fresh stream every <see cref="BenchStream.Length"/> events.
/// </summary>
public static class MartenAppendLoop
{
    /// <summary>Runs <paramref name="workers"/> workers through warm-up and the measured window.</summary>
    public static async Task<LoopFigures> RunAsync(IDocumentStore store, int workers, TimeSpan warmUp, TimeSpan measure, CancellationToken ct)
    {
        var window = new MeasureWindow();
        var samples = new LatencySamples();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(store, window, samples, stop.Token), CancellationToken.None)).ToList();
        try
        {
            await window.RunAsync(warmUp, measure, ct);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }
        ct.ThrowIfCancellationRequested();
        return LoopFigures.From(LoopNames.MartenAppend, workers, samples.Count, window.Seconds, samples);
    }

    private static async Task WorkAsync(IDocumentStore store, MeasureWindow window, LatencySamples samples, CancellationToken stop)
    {
        var streamId = Guid.NewGuid();
        var seq = 0;
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            // Not cancelled mid-write: the last operation finishes, so the loop ends without a stray exception.
            await BenchStore.AppendAsync(store, streamId, seq, CancellationToken.None);
            var finished = Stopwatch.GetTimestamp();
            if (window.Contains(finished)) samples.AddElapsed(started, finished);
            if (++seq == BenchStream.Length)
            {
                streamId = Guid.NewGuid();
                seq = 0;
            }
        }
    }
}
