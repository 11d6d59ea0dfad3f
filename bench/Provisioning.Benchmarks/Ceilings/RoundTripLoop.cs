using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Benchmarks.Measure;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// Ceiling (b): each worker sends a <see cref="Ping"/> to a durable queue and waits until the
/// <see cref="Pong"/> its consumer sent to a second durable queue has been consumed.
/// </summary>
public static class RoundTripLoop
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts a bus with both consumers (each endpoint as concurrent as <paramref name="endpointLimit"/>).</summary>
    public static Task<BenchBus> StartBusAsync(CeilingsOptions options, string vhost, PendingReplies pending, int endpointLimit, CancellationToken ct) =>
        BenchBus.StartAsync(options, vhost, s => s.AddSingleton(pending), x =>
        {
            x.AddConsumer<PingConsumer>().Endpoint(e =>
            {
                e.Name = BenchQueues.Ping;
                e.ConcurrentMessageLimit = endpointLimit;
            });
            x.AddConsumer<PongConsumer>().Endpoint(e =>
            {
                e.Name = BenchQueues.Pong;
                e.ConcurrentMessageLimit = endpointLimit;
            });
        }, ct);

    /// <summary>Runs <paramref name="workers"/> callers through warm-up and the measured window.</summary>
    public static async Task<LoopFigures> RunAsync(BenchBus bus, PendingReplies pending, int workers, TimeSpan warmUp, TimeSpan measure, CancellationToken ct)
    {
        var window = new MeasureWindow();
        var samples = new LatencySamples();
        var pings = await bus.EndpointAsync(BenchQueues.Ping);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(pings, pending, window, samples, stop.Token), CancellationToken.None)).ToList();
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
        return LoopFigures.From(LoopNames.MassTransitRoundTrip, workers, samples.Count, window.Seconds, samples);
    }

    private static async Task WorkAsync(ISendEndpoint pings, PendingReplies pending, MeasureWindow window, LatencySamples samples, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var id = Guid.NewGuid();
            var reply = pending.Expect(id);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await pings.Send(new Ping(id), CancellationToken.None);
                await reply.WaitAsync(ReplyTimeout, CancellationToken.None);
            }
            catch
            {
                pending.Forget(id);
                throw;
            }
            var finished = Stopwatch.GetTimestamp();
            if (window.Contains(finished)) samples.AddElapsed(started, finished);
        }
    }
}
