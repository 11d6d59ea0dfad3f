using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Faults;
using Provisioning.Hosting;

namespace Provisioning.Engine.Outbox;

/// <summary>
/// Sends the commands a result's decision just committed straight away, instead of waiting for the outbox subscription to
/// notice them (the daemon's wake-up, its page read: most of a step's orchestration time). The outbox stays the guarantee:
/// it still sees every <see cref="StepDispatched"/>, and skips only those this process has sent with a broker confirm. A
/// direct send that fails, or a crash after it, leaves the command to the outbox, which sends it (again): agents
/// deduplicate by command id, and the decider ignores a duplicate result. With several engine replicas, a command sent
/// directly by one and forwarded by the hot one goes out twice, harmlessly.
/// </summary>
/// <remarks>Off while fault injection is on: the fault scenarios test the outbox path itself.</remarks>
public sealed class DirectDispatch(RabbitMqOptions rabbit, ForwardFaults faults, TimeProvider clock, ILogger<DirectDispatch> log)
{
    /// <summary>Entries the outbox never claims (another replica forwards) are dropped after this long.</summary>
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The longest a direct send may take. While the broker is away a MassTransit send can wait for a connection without
    /// watching its token; unbounded, it held every result consumer's slot through a RabbitMQ restart. Past this the
    /// command is left to the outbox (a send that still completes later makes a harmless duplicate).
    /// </summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, (Task<bool> Sent, DateTimeOffset At)> sends = new();
    private long sinceSweep;

    public bool Enabled => !faults.Active;

    /// <summary>
    /// Sends every command in <paramref name="events"/> (the events a decision appended) and remembers each attempt;
    /// false when there was none to send or direct dispatch is off (the outbox sends them then).
    /// </summary>
    public async Task<bool> SendAsync(ISendEndpointProvider sender, Guid requestId, IEnumerable<object> events, CancellationToken ct)
    {
        if (!Enabled) return false;
        var any = false;
        foreach (var d in events.OfType<StepDispatched>())
        {
            var sent = SendOneAsync(sender, requestId, d, ct);
            sends[d.CommandId] = (sent, clock.GetUtcNow());
            await sent;
            any = true;
        }
        if (any && Interlocked.Increment(ref sinceSweep) % 1000 == 0) Sweep();
        return any;
    }

    /// <summary>
    /// For the outbox: true when this process sent <paramref name="commandId"/> and the broker confirmed it (waiting for a
    /// send still under way); false when it did not, or could not. Each command is claimed once.
    /// </summary>
    public async Task<bool> ClaimAsync(Guid commandId) =>
        sends.TryRemove(commandId, out var entry) && await entry.Sent;

    private async Task<bool> SendOneAsync(ISendEndpointProvider sender, Guid requestId, StepDispatched d, CancellationToken ct)
    {
        try
        {
            await CommandMessage.SendAsync(sender, rabbit, d.CommandId, requestId, d, ct).WaitAsync(SendTimeout, ct);
            log.LogInformation("Dispatched {Step} ({Mode}, attempt {Attempt}) of request {RequestId} to {Host} as {CommandId}",
                d.Step, d.Mode, d.Attempt, requestId, d.Host, d.CommandId);
            return true;
        }
        catch (Exception e)
        {
            log.LogWarning("Sending command {CommandId} ({Step}) to {Host} at once failed ({Error}); the outbox sends it", d.CommandId, d.Step, d.Host, e.Message);
            return false;
        }
    }

    private void Sweep()
    {
        var cutoff = clock.GetUtcNow() - Keep;
        foreach (var (id, entry) in sends)
        {
            if (entry.At < cutoff) sends.TryRemove(id, out _);
        }
    }
}
