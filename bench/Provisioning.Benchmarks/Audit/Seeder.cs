using System.Diagnostics;
using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Audit;

namespace Provisioning.Benchmarks.Audit;

/// <summary>
/// Appends synthetic request streams through Marten with every inline projection on (what the engine's writes
/// cost), many requests per transaction and a few writers at once, printing progress.
/// </summary>
public sealed class Seeder(IDocumentStore store)
{
    private const int RequestsPerTransaction = 100;
    private const int Writers = 3;

    /// <summary>Seeds until at least <paramref name="events"/> events are stored; returns the requests made.</summary>
    public async Task<IReadOnlyList<SeedRequest>> SeedAsync(SyntheticRequests generator, long events)
    {
        var made = new List<SeedRequest>();
        var batches = Channel.CreateBounded<List<SeedRequest>>(Writers * 2);
        long written = 0;
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            await foreach (var batch in batches.Reader.ReadAllAsync())
            {
                await WriteAsync(batch);
                var total = Interlocked.Add(ref written, batch.Sum(r => r.Events.Count));
                if (total / 50_000 != (total - batch.Sum(r => r.Events.Count)) / 50_000)
                {
                    Console.WriteLine($"  seeded {total,10:N0} events  {total / clock.Elapsed.TotalSeconds,8:N0} events/s");
                }
            }
        })).ToList();

        long generated = 0;
        while (generated < events)
        {
            var batch = new List<SeedRequest>(RequestsPerTransaction);
            while (batch.Count < RequestsPerTransaction && generated < events)
            {
                var request = generator.Next();
                batch.Add(request);
                generated += request.Events.Count;
            }
            made.AddRange(batch);
            await batches.Writer.WriteAsync(batch);
        }
        batches.Writer.Complete();
        await Task.WhenAll(writers);
        Console.WriteLine($"  seeded {written:N0} events of {made.Count:N0} requests in {clock.Elapsed.TotalSeconds:N1} s ({written / clock.Elapsed.TotalSeconds:N0} events/s)");
        return made;
    }

    private async Task WriteAsync(List<SeedRequest> batch)
    {
        await using var session = store.LightweightSession();
        foreach (var request in batch)
        {
            var events = request.Events.Select(e => Wrap(session, request, e)).ToArray<object>();
            session.Events.StartStream<RequestState>(request.Id, events);
        }
        await session.SaveChangesAsync();
    }

    // The metadata RequestStore stamps on every write: actor, correlation, and the request's headers.
    private static IEvent Wrap(IDocumentSession session, SeedRequest request, SeedEvent e)
    {
        var wrapped = session.Events.BuildEvent(e.Data);
        if (e.Data is StepDispatched d) wrapped.Id = d.CommandId;
        wrapped.Timestamp = e.At;
        wrapped.UserName = e.Actor;
        wrapped.CorrelationId = request.Id.ToString();
        wrapped.SetHeader(AuditHeaders.Source, e.Source);
        if (request.Ticket is { } ticket) wrapped.SetHeader(AuditHeaders.Ticket, ticket);
        wrapped.SetHeader(AuditHeaders.Host, request.Host);
        wrapped.SetHeader(AuditHeaders.Workflow, "provision-vm");
        wrapped.SetHeader(AuditHeaders.Project, request.Project);
        return wrapped;
    }
}
