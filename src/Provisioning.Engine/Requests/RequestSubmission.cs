using JasperFx;
using Marten;
using Provisioning.Domain.Hosts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Vm;
using Provisioning.Engine.Admission;
using Provisioning.Engine.Fleet;
using Provisioning.Engine.Images;
using Provisioning.Engine.Inventory;
using Provisioning.Engine.Integrity;
using Provisioning.Engine.Outbox;
using Provisioning.Engine.Placement;
using Provisioning.Engine.Pools;
using Microsoft.Extensions.Logging;

namespace Provisioning.Engine.Requests;

/// <summary>
/// The one way a request starts, whoever submits it (the API, a ticket's webhook, the relay starting a parent's child):
/// in one transaction, the facts the request's parameters call for are read (a VM takes the placement lock, and one
/// without a host is placed; a VM naming a pool or an address gets one; a request on a host by name needs that host's
/// agent), the decider records the request with them, and an <c>Idempotency-Key</c>'s record is inserted, so two
/// concurrent submissions with one key make one saga. Two submissions that chose one address (another replica's, or
/// this one's, committed first) meet on the lease's unique index: the loser reads the facts again and decides again.
/// </summary>
public sealed class RequestSubmission(IDocumentStore store, RequestStore requests, Placing placing, Allocating allocating, CommandDispatcher dispatcher,
    EngineOptions options, TimeProvider clock, ILogger<RequestSubmission> log)
{
    /// <summary>
    /// How often one submission may lose the race for an address. Each loss means another request took an address of the
    /// pool, so a pool of a few hundred addresses contended by as many submissions at once stays well inside this.
    /// </summary>
    public const int MaxAddressConflicts = 64;

    /// <summary>Submits, or finds the request an earlier submission with the same key started.</summary>
    /// <param name="alongside">Stores documents that must exist exactly when the request does (e.g. a ticket's link), in the same transaction.</param>
    /// <param name="refuseOverBacklog">
    /// Refuse (<see cref="SubmissionResult.Backlog"/>, nothing stored) when the request's host already has
    /// <see cref="EngineOptions.MaxBacklogPerHost"/> requests waiting for a slot: for submissions from outside, whose
    /// caller can come back later; a parent's own children are always taken.
    /// </param>
    public async Task<SubmissionResult> SubmitAsync(Submission submission, Causation causation, CancellationToken ct,
        Action<IDocumentSession>? alongside = null, bool refuseOverBacklog = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SubmitOnceAsync(submission, causation, alongside, refuseOverBacklog, ct);
            }
            catch (Exception e) when (AddressLeases.IsConflict(e) && attempt < MaxAddressConflicts)
            {
                log.LogDebug("Request {RequestId}: its address was taken by a concurrent submission; deciding again", submission.RequestId);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + attempt)), ct);
            }
        }
    }

    private async Task<SubmissionResult> SubmitOnceAsync(Submission submission, Causation causation, Action<IDocumentSession>? alongside, bool refuseOverBacklog,
        CancellationToken ct)
    {
        var key = submission.IdempotencyKey;
        var hash = submission.BodyHash ?? "";
        if (key is not null && await ExistingAsync(key, hash, ct) is { } earlier) return earlier;

        await using var session = store.LightweightSession();
        var command = submission.ToCommand();
        // After the key's lookup, so a retry of a request that removed its VM answers with that request, not a 404.
        if (submission.Parameters is IExistingVm vm && !await VmOwnership.AllowsAsync(session, submission.Scope, vm, ct))
        {
            return new SubmissionResult(command.RequestId, RequestStatus.Failed, Created: false, Conflict: false) { NotInScope = vm };
        }
        var facts = await FactsAsync(session, submission, ct);
        if (refuseOverBacklog && await BacklogAsync(session, facts.Placement?.Host ?? command.Host, ct) is { } backlog)
        {
            return new SubmissionResult(command.RequestId, RequestStatus.Failed, Created: false, Conflict: false) { Backlog = backlog };
        }
        var outcome = await requests.SubmitInSessionAsync(session, command, facts, causation, ct);
        alongside?.Invoke(session);
        if (key is not null)
        {
            session.Insert(new IdempotencyRecord { Id = key, BodyHash = hash, RequestId = command.RequestId, CreatedAt = clock.GetUtcNow() });
        }
        try
        {
            await session.SaveChangesAsync(ct);
        }
        // Only the key's own record: Marten reports a unique index of any document (a lease's) with this type too.
        catch (DocumentAlreadyExistsException e) when (key is not null && e.DocumentType == typeof(IdempotencyRecord))
        {
            // Another submission with this key won the race; answer as it did.
            return await ExistingAsync(key, hash, ct) ?? throw new InvalidOperationException("idempotency record vanished");
        }
        await dispatcher.DispatchAsync(outcome.Dispatches, ct);
        return new SubmissionResult(command.RequestId, outcome.State!.Status, Created: true, Conflict: false, (outcome.State as RequestState)?.Refusal);
    }

    /// <summary>
    /// The host's backlog when it is full (as many requests waiting for a slot as it may have), else null. A backlog
    /// counts waiting requests, whether this one would wait or not: a host with that many waiting takes no new work.
    /// </summary>
    private async Task<HostBacklog?> BacklogAsync(IDocumentSession session, string host, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(host)) return null;
        // Under the host's lock, which its decision takes anyway: submissions racing for the last places of a backlog
        // each count the waiters the ones before them committed.
        await HostSlots.LockAsync(session, options, host, ct);
        var key = HostRecord.IdOf(host);
        var waiting = await session.Query<SlotWaiter>().CountAsync(w => w.Host == key, ct);
        return waiting >= options.MaxBacklogPerHost ? new HostBacklog(host, waiting) : null;
    }

    /// <summary>What the engine must know of the fleet before the decider sees this request, by what the request is about.</summary>
    private async Task<SubmissionFacts> FactsAsync(IDocumentSession session, Submission submission, CancellationToken ct) => submission.Parameters switch
    {
        VmSpec vm => await VmFactsAsync(session, submission.RequestId, vm, ct),
        // Nothing but that host's agent would ever answer its commands.
        HostReference host => new SubmissionFacts(Agent: await AgentPresences.ReadAsync(session, host.Host, clock.GetUtcNow(), ct)),
        _ => SubmissionFacts.None,
    };

    /// <summary>
    /// A VM on an image needs a host that holds it: which hosts do is read under the placement lock (an image's undo
    /// racing this submission is refused by its agent while the VM's disk uses it), and placement takes only those.
    /// </summary>
    private async Task<SubmissionFacts> VmFactsAsync(IDocumentSession session, Guid requestId, VmSpec vm, CancellationToken ct)
    {
        var image = vm.Guest is { } guest ? await ImageFacts.ReadAsync(session, guest.Image, ct) : null;
        // The placement lock first, then the pool lock: every submission takes them in this order.
        return new SubmissionFacts(
            Placement: await placing.PlaceAsync(session, requestId, vm, image, ct),
            Image: image,
            Address: await allocating.AllocateAsync(session, requestId, vm, ct));
    }

    private async Task<SubmissionResult?> ExistingAsync(string key, string bodyHash, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var record = await query.LoadAsync<IdempotencyRecord>(key, ct);
        if (record is null) return null;
        if (record.BodyHash != bodyHash) return new SubmissionResult(record.RequestId, RequestStatus.Accepted, Created: false, Conflict: true);
        var summary = await query.LoadAsync<RequestSummary>(record.RequestId, ct);
        var status = Enum.TryParse<RequestStatus>(summary?.Status, out var s) ? s : RequestStatus.Accepted;
        // A request refused at submission answers the same way again: its state says why.
        var refusal = status == RequestStatus.Failed
            ? (await StreamHistory.AggregateIncludingArchivedAsync(query, record.RequestId, ct: ct) as RequestState)?.Refusal
            : null;
        return new SubmissionResult(record.RequestId, status, Created: false, Conflict: false, refusal);
    }
}

/// <summary>The outcome of a submission.</summary>
/// <param name="RequestId">The request started, or the one the key already started.</param>
/// <param name="Status">Its status now.</param>
/// <param name="Created">True when this call started it.</param>
/// <param name="Conflict">True when the key was used before with a different body.</param>
/// <param name="Refusal">Why the request was refused at submission (recorded and failed before anything ran); null otherwise.</param>
public sealed record SubmissionResult(Guid RequestId, RequestStatus Status, bool Created, bool Conflict, SubmissionRefusal? Refusal = null)
{
    /// <summary>Refused before anything was stored: the host's backlog is full (see <see cref="EngineOptions.MaxBacklogPerHost"/>).</summary>
    public HostBacklog? Backlog { get; init; }

    /// <summary>Refused before anything was stored: the request names a VM its submitter's scope does not cover (answered as a missing VM).</summary>
    public IExistingVm? NotInScope { get; init; }
}

/// <summary>A host with as many requests waiting for a slot as it may have.</summary>
public sealed record HostBacklog(string Host, int Waiting);
