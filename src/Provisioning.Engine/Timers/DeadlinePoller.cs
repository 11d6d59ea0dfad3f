using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Admission;
using Provisioning.Engine.Fleet;
using Provisioning.Engine.Outages;
using Provisioning.Engine.Outbox;
using Provisioning.Engine.Requests;

namespace Provisioning.Engine.Timers;

/// <summary>
/// Fires stored deadlines (step timeouts, retry backoff). Nothing sleeps in a handler and nothing needs
/// cancelling: the decider re-checks the state when a deadline fires. With several engine replicas two
/// pollers may pick the same deadline; the write locks the request's stream, so the second one waits and
/// decides on the fresh state, where that deadline no longer matters, so it never fires twice.
/// </summary>
public sealed class DeadlinePoller(IDocumentStore store, RequestStore requests, CommandDispatcher dispatcher, HostAdmission admission, EngineOptions options,
    TimeProvider clock, ILogger<DeadlinePoller> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.DeadlinePollInterval, clock);
        do
        {
            try
            {
                await FireDueAsync(stoppingToken);
                // The guarantee behind the grant after each result: a slot freed by a process that died before it granted it.
                await admission.AdmitWaitingAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (StoreOutage.Is(e)) Interlocked.Exchange(ref outageSeenAtTicks, clock.GetUtcNow().UtcTicks);
                log.LogWarning(e, "Polling deadlines failed; trying again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private long outageSeenAtTicks;

    /// <summary>
    /// Fires every deadline that is due now; returns how many were handled. Within <see cref="EngineOptions.OutageGrace"/>
    /// of the last time PostgreSQL was found away, step timeouts wait: the answers agents sent during the outage are
    /// still being recorded (from the queue, from the result consumer's retries), and a step whose answer is on its way
    /// must not be timed out and undone. Retries' backoffs fire as usual.
    /// </summary>
    public async Task<int> FireDueAsync(CancellationToken ct)
    {
        IReadOnlyList<StepDeadline> due;
        IReadOnlySet<string> answering;
        await using (var query = store.QuerySession())
        {
            var now = clock.GetUtcNow();
            var afterOutage = now.UtcTicks - Interlocked.Read(ref outageSeenAtTicks) < options.OutageGrace.Ticks;
            due = await query.Query<StepDeadline>().Where(d => d.DueAt <= now && (!afterOutage || d.Kind != StepDeadline.Timeout))
                .OrderBy(d => d.DueAt).Take(200).ToListAsync(ct);
            answering = await AnsweringHostsAsync(query, due, now, ct);
        }
        foreach (var deadline in due)
        {
            log.LogInformation("Deadline {Kind} {DeadlineId} of request {RequestId} passed", deadline.Kind, deadline.Id, deadline.RequestId);
            var scheduleToStart = answering.Contains(deadline.Host.ToLowerInvariant()) ? options.ScheduleToStartTimeout : TimeSpan.Zero;
            var outcome = await requests.DecideAsync(deadline.RequestId, new FireDeadline(deadline.Id, scheduleToStart), Causation.Engine(deadline.Id), ct);
            await dispatcher.DispatchAsync(outcome.Dispatches, ct);
            if (outcome.FreedSlotOn is { } host) await admission.AdmitAsync(host, ct);
        }
        return due.Count;
    }

    /// <summary>The hosts of these timeouts whose agents answer heartbeats: their unstarted commands are a backlog, given their schedule-to-start time.</summary>
    private static async Task<IReadOnlySet<string>> AnsweringHostsAsync(IQuerySession query, IReadOnlyList<StepDeadline> due, DateTimeOffset now, CancellationToken ct)
    {
        var hosts = due.Where(d => d.Host.Length > 0).Select(d => d.Host.ToLowerInvariant()).Distinct().ToArray();
        if (hosts.Length == 0) return new HashSet<string>();
        var records = await query.LoadManyAsync<HostRecord>(ct, hosts);
        return records.Where(r => HostStatus.Of(r.LastSeenAt, r.HeartbeatSeconds, now) == HostState.Online).Select(r => r.Id).ToHashSet();
    }
}
