using JasperFx;
using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using Provisioning.Contracts;
using ConcurrencyException = JasperFx.ConcurrencyException;

namespace Provisioning.Engine.Fleet;

/// <summary>Keeps each host's latest heartbeat as its <see cref="HostRecord"/>.</summary>
/// <remarks>
/// Heartbeats of one host can be stored at the same time (a backlog, two engine replicas): the record is
/// versioned, and the loser of a race reads it again, where it usually finds it is old news. A heartbeat that
/// cannot be stored at all (PostgreSQL away) is dropped with a warning instead of being retried or
/// dead-lettered: it is state the next one replaces, so the next one repairs the record.
/// </remarks>
public sealed class AgentHeartbeatConsumer(IDocumentStore store, TimeProvider clock, ILogger<AgentHeartbeatConsumer> log) : IConsumer<AgentHeartbeat>
{
    private const int MaxConflicts = 5;

    public async Task Consume(ConsumeContext<AgentHeartbeat> context)
    {
        var beat = context.Message;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var session = store.LightweightSession();
                var known = await session.LoadAsync<HostRecord>(HostRecord.IdOf(beat.Host), context.CancellationToken);
                if (HostRecord.After(known, beat, clock.GetUtcNow()) is not { } next) return;
                // Insert for a new host, so a concurrent first heartbeat cannot be silently overwritten either.
                if (known is null) session.Insert(next);
                else session.Store(next);
                try
                {
                    await session.SaveChangesAsync(context.CancellationToken);
                    if (known is null || beat.Starting) log.LogInformation("Host {Host} announced itself ({Cpus} CPUs, {MemoryMiB} MiB, kvm {Kvm})", beat.Host, beat.Cpus, beat.MemoryMiB, beat.Kvm);
                    return;
                }
                catch (Exception e) when (attempt < MaxConflicts && e is ConcurrencyException or DocumentAlreadyExistsException)
                {
                    log.LogDebug("Concurrent heartbeats of host {Host}; reading its record again", beat.Host);
                }
            }
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Heartbeat of host {Host} from {At:O} not stored; the next one will be", beat.Host, beat.At);
        }
    }
}
