using Marten;
using JasperFx;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Placement;

namespace Provisioning.Engine.Requests;

/// <summary>
/// Starts a request, honouring an <c>Idempotency-Key</c>: the key's record is inserted in the same
/// transaction as the stream's first events, so two concurrent submissions with one key make one saga.
/// </summary>
/// <remarks>
/// Placement (and the other checks of <see cref="SubmissionChecks"/>) runs in that same transaction, so a request's
/// reservation exists exactly when its events do.
/// </remarks>
public sealed class RequestSubmission(IDocumentStore store, RequestStore requests, SubmissionChecks checks, TimeProvider clock)
{
    /// <summary>Submits, or finds the request an earlier submission with the same key started.</summary>
    /// <param name="alongside">Stores documents that must exist exactly when the request does (e.g. a ticket's link), in the same transaction.</param>
    public async Task<SubmissionResult> SubmitAsync(SubmitRequest command, string bodyHash, Causation causation, CancellationToken ct,
        Action<IDocumentSession>? alongside = null)
    {
        if (command.IdempotencyKey is { } key && await ExistingAsync(key, bodyHash, ct) is { } earlier) return earlier;

        await using var session = store.LightweightSession();
        command = await checks.CheckAsync(session, command, ct);
        var outcome = await requests.DecideInSessionAsync(session, command.RequestId, command, causation, ct);
        alongside?.Invoke(session);
        if (command.IdempotencyKey is { } k)
        {
            session.Insert(new IdempotencyRecord { Id = k, BodyHash = bodyHash, RequestId = command.RequestId, CreatedAt = clock.GetUtcNow() });
        }
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (DocumentAlreadyExistsException) when (command.IdempotencyKey is not null)
        {
            // Another submission with this key won the race; answer as it did.
            return await ExistingAsync(command.IdempotencyKey, bodyHash, ct)
                ?? throw new InvalidOperationException("idempotency record vanished");
        }
        return new SubmissionResult(command.RequestId, outcome.State!.Status, Created: true, Conflict: false, SubmissionRefusal.Of(outcome.Decision.Events));
    }

    private async Task<SubmissionResult?> ExistingAsync(string key, string bodyHash, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var record = await query.LoadAsync<IdempotencyRecord>(key, ct);
        if (record is null) return null;
        if (record.BodyHash != bodyHash) return new SubmissionResult(record.RequestId, RequestStatus.Accepted, Created: false, Conflict: true);
        var summary = await query.LoadAsync<RequestSummary>(record.RequestId, ct);
        var status = Enum.TryParse<RequestStatus>(summary?.Status, out var s) ? s : RequestStatus.Accepted;
        // A request refused at submission answers the same way again: its few events say why.
        var refusal = status == RequestStatus.Failed
            ? SubmissionRefusal.Of((await query.Events.FetchStreamAsync(record.RequestId, token: ct)).Select(e => e.Data).ToList())
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
public sealed record SubmissionResult(Guid RequestId, RequestStatus Status, bool Created, bool Conflict, SubmissionRefusal? Refusal = null);
