using JasperFx.Events;
using Marten.Events.Aggregation;
using Provisioning.Domain.Pools;

namespace Provisioning.Engine.Pools;

/// <summary>Keeps each pool's <see cref="PoolRecord"/> inline with its stream: made by its definition, gone with its removal.</summary>
public sealed partial class PoolRecordProjection : SingleStreamProjection<PoolRecord, Guid>
{
    public PoolRecordProjection()
    {
        IncludeType<PoolDefined>();
        IncludeType<PoolRemoved>();
    }

    public override PoolRecord? Evolve(PoolRecord? snapshot, Guid id, IEvent e) => Next(snapshot, id, e.Data);

    /// <summary>The record after one event (pure).</summary>
    public static PoolRecord? Next(PoolRecord? record, Guid id, object data) => data switch
    {
        PoolDefined x => new PoolRecord { Id = id, Key = PoolStreams.KeyOf(x.Pool.Name), Definition = x.Pool, DefinedAt = x.At, DefinedBy = x.Actor },
        PoolRemoved => null,
        _ => record,
    };
}
