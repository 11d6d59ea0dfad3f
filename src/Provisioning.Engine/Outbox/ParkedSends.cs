using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Placement;

namespace Provisioning.Engine.Outbox;

/// <summary>
/// Commands the broker refused for their host, parked per host and retried in the background, so one host whose queue
/// is gone or refusing never holds up the outbox, and with it every other host's commands. A parked command is stored
/// (<see cref="ParkedCommand"/>) before the outbox moves past it; a host's new commands join its parked ones instead of
/// trying first; each host is retried oldest first, backing off while it keeps refusing. Its deadline still guards a
/// parked command: past its not-after it is dropped unsent (<see cref="ParkedPlan"/>), since the agent would refuse it
/// and the engine has timed its step out by then. With several engine replicas one at a time retries a host (an
/// advisory lock per host, tried, not waited for: the others skip it that round), so a refusing host is not tried by
/// every replica, and a command is not sent twice by two of them.
/// </summary>
/// <remarks>
/// The store is resolved at first use: the store's outbox subscription needs the dispatcher, which needs this.
/// </remarks>
public sealed class ParkedSends(Lazy<IDocumentStore> lazyStore, Lazy<ICommandSender> sender, EngineOptions options, TimeProvider clock, ILogger<ParkedSends> log)
    : BackgroundService, ICommandParking
{
    public static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(1);

    /// <summary>The most of one host's parked commands a round sends.</summary>
    private const int BatchPerRound = 200;

    /// <summary>As after a commit: a send that hangs is a refusal of this try, not a stall of every host's retries.</summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Hosts with parked commands, as this process last saw them, and when each is tried next.</summary>
    private readonly ConcurrentDictionary<string, HostRetry> hosts = new(StringComparer.Ordinal);

    private IDocumentStore Store => lazyStore.Value;

    public bool IsParked(string host) => hosts.ContainsKey(ParkedCommand.HostKey(host));

    public async Task ParkAsync(Guid requestId, Guid commandId, StepDispatched command, string reason, CancellationToken ct)
    {
        var host = ParkedCommand.HostKey(command.Host);
        await using (var session = Store.LightweightSession())
        {
            session.Store(new ParkedCommand { Id = commandId, RequestId = requestId, Host = host, Command = command, ParkedAt = clock.GetUtcNow(), Reason = reason });
            await session.SaveChangesAsync(ct);
        }
        hosts.TryAdd(host, new HostRetry(1, clock.GetUtcNow() + ParkedPlan.Backoff(1)));
        log.LogWarning("Command {CommandId} ({Step}, {Mode}) of request {RequestId} parked: {Host} refused it ({Reason}); retried in the background until {NotAfter:o}",
            commandId, command.Step, command.Mode, requestId, command.Host, reason, command.StartBy ?? command.DeadlineAt);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ScanInterval, clock);
        do
        {
            try
            {
                await RetryAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Retrying parked commands failed; trying again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: every host that is due is tried, oldest command first, until one is refused.</summary>
    public async Task RetryAsync(CancellationToken ct)
    {
        IReadOnlyList<string> parkedHosts;
        await using (var query = Store.QuerySession())
        {
            parkedHosts = await query.Query<ParkedCommand>().Select(p => p.Host).Distinct().ToListAsync(ct);
        }
        // Sent or dropped elsewhere (another replica): nothing parked there any more.
        foreach (var host in hosts.Keys.Where(h => !parkedHosts.Contains(h, StringComparer.Ordinal))) hosts.TryRemove(host, out _);

        foreach (var host in parkedHosts)
        {
            var now = clock.GetUtcNow();
            var retry = hosts.GetOrAdd(host, new HostRetry(0, now));
            if (retry.NextTryAt > now) continue;
            await RetryHostAsync(host, retry, ct);
        }
    }

    /// <summary>
    /// One host's parked commands under its lock, read again there (another replica may have sent some just before), sent
    /// oldest first until one is refused; what went out or expired is deleted in the same transaction, whose end frees the lock.
    /// </summary>
    private async Task RetryHostAsync(string host, HostRetry retry, CancellationToken ct)
    {
        await using var session = Store.LightweightSession();
        if (!await AdvisoryLock.TryAcquireAsync(session, AdvisoryLock.Key("parked:" + host, options.Schema), ct)) return;
        // A batch per round, so the transaction (and its connection) is held for seconds at most; the rest go next round.
        var commands = await session.Query<ParkedCommand>().Where(p => p.Host == host).OrderBy(p => p.ParkedAt).Take(BatchPerRound).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var (expired, send) = ParkedPlan.For(commands, now);
        var done = new List<ParkedCommand>();
        foreach (var gone in expired)
        {
            log.LogWarning("Parked command {CommandId} ({Step}, {Mode}) of request {RequestId} for {Host} dropped unsent: its not-after passed, its step's deadline decides",
                gone.Id, gone.Command.Step, gone.Command.Mode, gone.RequestId, host);
            done.Add(gone);
        }
        string? refused = null;
        foreach (var next in send)
        {
            try
            {
                await sender.Value.SendAsync(next.RequestId, next.Id, next.Command, ct).WaitAsync(SendTimeout, clock, ct);
                log.LogInformation("Parked command {CommandId} ({Step}, {Mode}) of request {RequestId} sent to {Host}", next.Id, next.Command.Step, next.Command.Mode, next.RequestId, host);
                done.Add(next);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                refused = e.Message;
                break;
            }
        }
        foreach (var d in done) session.Delete(d);
        // Commits (with nothing to delete, the session's disposal rolls back): either way the lock goes.
        await session.SaveChangesAsync(ct);
        if (refused is null)
        {
            // A full batch went out: the host's next batch is due at once, not after a backoff.
            if (commands.Count == BatchPerRound) hosts[host] = new HostRetry(0, clock.GetUtcNow());
            else hosts.TryRemove(host, out _);
            return;
        }
        var failures = retry.Failures + 1;
        hosts[host] = new HostRetry(failures, clock.GetUtcNow() + ParkedPlan.Backoff(failures));
        log.LogWarning("{Host} still refuses its {Count} parked command(s) ({Reason}); next try in {Backoff}", host, send.Count - (done.Count - expired.Count), refused, ParkedPlan.Backoff(failures));
    }

    private sealed record HostRetry(int Failures, DateTimeOffset NextTryAt);
}
