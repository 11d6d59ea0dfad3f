using System.Diagnostics;
using MassTransit;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// The echo agent: records the step's latency and at once sends the next <see cref="ChainResult"/> back
/// to the engine, starting a fresh stream (a new request) every <see cref="BenchStream.Length"/> events.
/// </summary>
public sealed class EchoAgentConsumer(ChainProbe probe) : IConsumer<ChainCommand>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ChainCommand> context)
    {
        var c = context.Message;
        probe.StepDone(c.AgentSentAt, Stopwatch.GetTimestamp());
        if (!probe.Continue()) return;
        var next = c.Seq + 1 == BenchStream.Length
            ? new ChainResult(c.ChainId, Guid.NewGuid(), 0, Stopwatch.GetTimestamp())
            : new ChainResult(c.ChainId, c.StreamId, c.Seq + 1, Stopwatch.GetTimestamp());
        var engine = await context.GetSendEndpoint(new Uri($"queue:{BenchQueues.Engine}"));
        await engine.Send(next, context.CancellationToken);
    }
}
