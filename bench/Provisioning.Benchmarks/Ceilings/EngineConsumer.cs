using System.Diagnostics;
using Marten;
using MassTransit;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// The bare engine: consumes a <see cref="ChainResult"/>, appends to the request's stream
/// (FetchForWriting + append + SaveChanges) and sends the next <see cref="ChainCommand"/> to the agent.
/// </summary>
public sealed class EngineConsumer(IDocumentStore store, ChainProbe probe) : IConsumer<ChainResult>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ChainResult> context)
    {
        var received = Stopwatch.GetTimestamp();
        probe.EngineConsumed(received);
        var r = context.Message;
        await BenchStore.AppendAsync(store, r.StreamId, r.Seq, context.CancellationToken);
        var agent = await context.GetSendEndpoint(new Uri($"queue:{BenchQueues.Agent}"));
        await agent.Send(new ChainCommand(r.ChainId, r.StreamId, r.Seq, r.AgentSentAt), context.CancellationToken);
    }
}
