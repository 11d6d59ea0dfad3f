using Marten;
using Provisioning.Domain.Pools;
using Provisioning.Engine.Audit;
using Provisioning.Engine.Requests;

namespace Provisioning.Engine.Pools;

/// <summary>
/// Admins' changes to pools, each in one transaction under the pool lock (exclusive): read what the decision needs,
/// decide (<see cref="PoolDecider"/>), append to the pool's stream with the actor on the event, save. The pool's
/// <see cref="PoolRecord"/> and its audit entry follow inline.
/// </summary>
public sealed class PoolAdministration(IDocumentStore store, EngineOptions options, TimeProvider clock)
{
    /// <summary>Defines a pool (a definition <see cref="PoolRules"/> accepted).</summary>
    public async Task<PoolDecision> DefineAsync(PoolDefinition definition, Causation causation, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await PoolLock.AcquireAsync(session, options.Schema, exclusive: true, ct);
        var id = PoolStreams.IdOf(definition.Name);
        var stream = await session.Events.FetchForWriting<PoolRecord>(id, ct);
        var others = (await session.Query<PoolRecord>().ToListAsync(ct)).Where(p => p.Id != id).Select(p => p.ToPool()).ToList();
        var decision = PoolDecider.Define(stream.Aggregate?.ToPool(), definition, others, Actor(causation), clock.GetUtcNow());
        return await RecordAsync(session, stream, id, decision, causation, ct);
    }

    /// <summary>Removes the pool named <paramref name="name"/>, unless one of its addresses is held.</summary>
    public async Task<PoolDecision> RemoveAsync(string name, Causation causation, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await PoolLock.AcquireAsync(session, options.Schema, exclusive: true, ct);
        var id = PoolStreams.IdOf(name);
        var stream = await session.Events.FetchForWriting<PoolRecord>(id, ct);
        var held = await AddressLeases.HeldInAsync(session, PoolStreams.KeyOf(name), ct);
        var decision = PoolDecider.Remove(stream.Aggregate?.ToPool(), held, Actor(causation), clock.GetUtcNow());
        return await RecordAsync(session, stream, id, decision, causation, ct);
    }

    private static async Task<PoolDecision> RecordAsync(IDocumentSession session, JasperFx.Events.IEventStream<PoolRecord> stream, Guid id,
        PoolDecision decision, Causation causation, CancellationToken ct)
    {
        if (decision.Event is not { } e) return decision;
        session.CorrelationId = id.ToString();
        session.CausationId = causation.CausationId;
        session.LastModifiedBy = Actor(causation);
        session.SetHeader(AuditHeaders.Source, causation.Source);
        stream.AppendOne(e);
        await session.SaveChangesAsync(ct);
        return decision;
    }

    private static string Actor(Causation causation) => causation.Actor ?? "unknown";
}
