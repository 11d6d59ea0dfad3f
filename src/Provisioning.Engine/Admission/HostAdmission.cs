using Marten;
using Microsoft.Extensions.Logging;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Fleet;
using Provisioning.Engine.Outbox;
using Provisioning.Engine.Requests;

namespace Provisioning.Engine.Admission;

/// <summary>
/// Gives a host's free slots to the requests waiting for one, in turn: undos first, then the oldest request (request ids
/// are time-ordered), across the whole backlog. Called after a decision freed a slot (a result, a timeout) and, as the
/// guarantee, on every deadline poll for each host with waiters. Each grant is a decision of its own
/// (<see cref="GrantSlot"/>), which takes the host's lock and sends the command only while a slot is still free.
/// </summary>
public sealed class HostAdmission(IDocumentStore store, RequestStore requests, CommandDispatcher dispatcher, EngineOptions options, ILogger<HostAdmission> log)
{
    /// <summary>
    /// Grants what <paramref name="host"/> has free; returns how many commands went out. Never throws (but for
    /// cancellation): the caller's own work is done, and the next poll tries again.
    /// </summary>
    public async Task<int> AdmitAsync(string host, CancellationToken ct)
    {
        try
        {
            return await GrantAsync(host, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Granting slots on host {Host} failed; the next poll tries again", host);
            return 0;
        }
    }

    private async Task<int> GrantAsync(string host, CancellationToken ct)
    {
        var granted = 0;
        while (true)
        {
            List<Guid> turn;
            await using (var query = store.QuerySession())
            {
                var free = await HostSlots.CapacityAsync(query, options, host, ct) - await HostSlots.OutstandingAsync(query, host, null, ct);
                if (free <= 0) return granted;
                var key = HostRecord.IdOf(host);
                turn = (await query.Query<SlotWaiter>().Where(w => w.Host == key)
                    .OrderByDescending(w => w.Undo).ThenBy(w => w.SubmittedAt).Take(free).ToListAsync(ct)).Select(w => w.Id).ToList();
            }
            if (turn.Count == 0) return granted;
            var progressed = false;
            foreach (var id in turn)
            {
                DecisionOutcome outcome;
                try
                {
                    outcome = await requests.DecideAsync(id, new GrantSlot(), new Causation(null, "slot:" + host, "engine"), ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    log.LogWarning(e, "Granting a slot on host {Host} to request {RequestId} failed; going on with the next", host, id);
                    continue;
                }
                if (outcome.Dispatches.Commands.Count == 0) return granted; // taken meanwhile, or one ahead waits: the next result tries again
                await dispatcher.DispatchAsync(outcome.Dispatches, ct);
                granted++;
                progressed = true;
            }
            if (!progressed) return granted;
        }
    }

    /// <summary>Every host with requests waiting gets what it has free (the poller's guarantee).</summary>
    public async Task<int> AdmitWaitingAsync(CancellationToken ct)
    {
        IReadOnlyList<string> hosts;
        await using (var query = store.QuerySession())
        {
            hosts = await query.Query<SlotWaiter>().Select(w => w.Host).Distinct().ToListAsync(ct);
        }
        var granted = 0;
        foreach (var host in hosts)
        {
            granted += await AdmitAsync(host, ct); // never throws: one host's trouble does not hold up the others
        }
        if (granted > 0) log.LogDebug("Granted {Count} slot(s) to waiting requests", granted);
        return granted;
    }
}
