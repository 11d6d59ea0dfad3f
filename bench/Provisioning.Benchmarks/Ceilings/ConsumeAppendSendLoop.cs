using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Benchmarks.Measure;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// Ceiling (c), shaped like the engine: an "engine" consumer (ConcurrentMessageLimit as the real engine
/// endpoint) consumes a result, appends to the request's stream and sends a command to an echo "agent",
/// which sends the next result straight back. Independent chains (requests) run in flight at once.
/// Steps are engine consumes; a step's latency is "result sent by the agent -> next command consumed by the agent", the
/// same span the engine benchmark reads from the real agent's clock (finished step n -> started step n+1).
/// </summary>
public static class ConsumeAppendSendLoop
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="chains"/> chains on a fresh bus through warm-up and the measured window.</summary>
    public static async Task<LoopFigures> RunAsync(CeilingsOptions options, string vhost, IDocumentStore store, int chains,
        TimeSpan warmUp, TimeSpan measure, CancellationToken ct)
    {
        var probe = new ChainProbe(chains);
        await using var bus = await BenchBus.StartAsync(options, vhost, s => s.AddSingleton(store).AddSingleton(probe), x =>
        {
            x.AddConsumer<EngineConsumer>().Endpoint(e =>
            {
                e.Name = BenchQueues.Engine;
                e.ConcurrentMessageLimit = options.EngineLimit;
            });
            // The echo agent is never the bottleneck: it takes every chain's command at once.
            x.AddConsumer<EchoAgentConsumer>().Endpoint(e =>
            {
                e.Name = BenchQueues.Agent;
                e.ConcurrentMessageLimit = chains;
            });
        }, ct);
        var engine = await bus.EndpointAsync(BenchQueues.Engine);
        try
        {
            for (var i = 0; i < chains; i++) await engine.Send(new ChainResult(Guid.NewGuid(), Guid.NewGuid(), 0, System.Diagnostics.Stopwatch.GetTimestamp()), ct);
            await probe.Window.RunAsync(warmUp, measure, ct);
        }
        finally
        {
            probe.Stop();
            // Cancelled (Ctrl-C): no drain; the vhost goes away with whatever is still queued.
            if (!ct.IsCancellationRequested)
            {
                try
                {
                    await probe.Drained.WaitAsync(DrainTimeout, CancellationToken.None);
                }
                catch (TimeoutException)
                {
                    Console.Error.WriteLine($"{LoopNames.ConsumeAppendSend}: {probe.Active} of {chains} chains did not stop within {DrainTimeout.TotalSeconds:F0} s (a consumer fault?)");
                }
            }
        }
        ct.ThrowIfCancellationRequested();
        return LoopFigures.From(LoopNames.ConsumeAppendSend, chains, probe.Steps, probe.Window.Seconds, probe.Samples);
    }
}
