using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Provisioning.Engine.Outbox;

/// <summary>
/// The one road a command takes to its agent. Whoever decided (the result consumer, an operator's action, the deadline
/// poller, the child relay, a submission) hands the dispatches its commit stored to <see cref="DispatchAsync"/>, which
/// sends them at once instead of waiting for the outbox subscription to notice them (the daemon's wake-up and page
/// read: most of a step's orchestration time). The subscription stays the guarantee: it hands every stored dispatch to
/// <see cref="GuaranteeAsync"/>, which skips those this process sent and had confirmed, and sends every other one until
/// the broker confirms it. A send here that fails, or a crash after it, leaves the command to the subscription, which
/// sends it (again): agents deduplicate by command id, and the decider ignores a duplicate result. With several engine
/// replicas, a command sent at once by one and forwarded by the hot one goes out twice, harmlessly. A command the broker
/// refuses for its host (<see cref="SendRefusal"/>) is parked for that host (<see cref="ICommandParking"/>) instead of
/// holding up the outbox, and the host's later commands join it there.
/// </summary>
/// <remarks>
/// The sender is resolved at the first send: a process that decides without a bus of its own (tools, tests of the
/// store) has none, and leaves every command to the outbox.
/// </remarks>
public sealed class CommandDispatcher(Lazy<ICommandSender> sender, ICommandParking parking, TimeProvider clock, ILogger<CommandDispatcher> log)
{
    /// <summary>Entries the outbox never claims (another replica forwards) are dropped after this long.</summary>
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The longest a send after a commit may take. While the broker is away a MassTransit send can wait for a connection
    /// without watching its token; unbounded, it held every result consumer's slot through a RabbitMQ restart. Past this
    /// the command is left to the outbox (a send that still completes later makes a harmless duplicate).
    /// </summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After a send here failed, how long further ones are left to the outbox straight away. During a broker outage every
    /// send would otherwise wait <see cref="SendTimeout"/>, and callers that decide many requests in a row (the deadline
    /// poller, the child relay) or answer HTTP would stall for that long per command; the outbox retries them anyway.
    /// </summary>
    public static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(10);

    private long pausedUntilTicks;

    private readonly ConcurrentDictionary<Guid, (Task<bool> Sent, DateTimeOffset At)> sends = new();
    private long sinceSweep;

    /// <summary>
    /// Sends the commands a decision just committed, remembering each attempt for the outbox; true when at least one went
    /// out and was confirmed. Never throws for a send that fails: the outbox sends it then.
    /// </summary>
    public async Task<bool> DispatchAsync(CommittedDispatches committed, CancellationToken ct)
    {
        var any = false;
        if (clock.GetUtcNow().UtcTicks < Interlocked.Read(ref pausedUntilTicks))
        {
            if (committed.Commands.Count > 0) log.LogDebug("Sends paused after a failure: {Count} command(s) of request {RequestId} left to the outbox", committed.Commands.Count, committed.RequestId);
            return false;
        }
        foreach (var d in committed.Commands)
        {
            // Behind its host's parked commands: the outbox parks it with them.
            if (parking.IsParked(d.Host)) continue;
            var sent = SendOnceAsync(committed.RequestId, d, ct);
            sends[d.CommandId] = (sent, clock.GetUtcNow());
            any |= await sent;
        }
        if (committed.Commands.Count > 0 && Interlocked.Increment(ref sinceSweep) % 1000 == 0) Sweep();
        return any;
    }

    /// <summary>
    /// For the outbox subscription: sends the stored dispatch <paramref name="commandId"/> unless this process sent it and
    /// the broker confirmed it (waiting for such a send still under way), retrying while the broker is away: the
    /// subscription records its progress only once every command of a batch is confirmed, and giving up would stall it.
    /// A command its host refuses, or for a host with parked commands, is parked instead, and the outbox goes on.
    /// </summary>
    public async Task GuaranteeAsync(Guid requestId, Guid commandId, Domain.Requests.StepDispatched command, CancellationToken ct)
    {
        if (sends.TryRemove(commandId, out var entry) && await entry.Sent) return;
        if (parking.IsParked(command.Host))
        {
            await parking.ParkAsync(requestId, commandId, command, "behind the host's parked commands", ct);
            return;
        }
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await sender.Value.SendAsync(requestId, commandId, command, ct);
                Sent(requestId, commandId, command);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && SendRefusal.IsHostSpecific(ex))
            {
                await parking.ParkAsync(requestId, commandId, command, ex.Message, ct);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Each try is bounded (BusCommandSender), so a broker outage fails every command of a page every few seconds:
                // the first failure and every tenth are warnings, the rest would only repeat them.
                log.Log(attempt == 1 || attempt % 10 == 0 ? LogLevel.Warning : LogLevel.Debug, ex,
                    "Sending command {CommandId} ({Step}) to {Host} failed (attempt {Attempt}); retrying in {Delay}",
                    commandId, command.Step, command.Host, attempt, delay);
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(5000, delay.TotalMilliseconds * 2));
            }
        }
    }

    private async Task<bool> SendOnceAsync(Guid requestId, Domain.Requests.StepDispatched d, CancellationToken ct)
    {
        try
        {
            await sender.Value.SendAsync(requestId, d.CommandId, d, ct).WaitAsync(SendTimeout, clock, ct);
            Sent(requestId, d.CommandId, d);
            return true;
        }
        catch (Exception e) when (SendRefusal.IsHostSpecific(e))
        {
            // The broker answered, for this host only: the others' sends go on at once; the outbox parks this one.
            log.LogWarning("Sending command {CommandId} ({Step}) to {Host} at once was refused ({Error}); the outbox parks it for that host", d.CommandId, d.Step, d.Host, e.Message);
            return false;
        }
        catch (Exception e)
        {
            Interlocked.Exchange(ref pausedUntilTicks, (clock.GetUtcNow() + PauseAfterFailure).UtcTicks);
            log.LogWarning("Sending command {CommandId} ({Step}) to {Host} at once failed ({Error}); the outbox sends it, and sends after a commit pause for {Pause} s",
                d.CommandId, d.Step, d.Host, e.Message, PauseAfterFailure.TotalSeconds);
            return false;
        }
    }

    private void Sent(Guid requestId, Guid commandId, Domain.Requests.StepDispatched d) =>
        log.LogInformation("Dispatched {Step} ({Mode}, attempt {Attempt}) of request {RequestId} to {Host} as {CommandId}",
            d.Step, d.Mode, d.Attempt, requestId, d.Host, commandId);

    private void Sweep()
    {
        var cutoff = clock.GetUtcNow() - Keep;
        foreach (var (id, entry) in sends)
        {
            if (entry.At < cutoff) sends.TryRemove(id, out _);
        }
    }
}
