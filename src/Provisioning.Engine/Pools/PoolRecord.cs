using Provisioning.Domain.Pools;

namespace Provisioning.Engine.Pools;

/// <summary>
/// An address pool as it stands, kept inline from its stream by <see cref="PoolRecordProjection"/>: there from its
/// <see cref="PoolDefined"/> until its <see cref="PoolRemoved"/>. Its id is the pool's stream id (<see cref="PoolStreams.IdOf"/>).
/// </summary>
public sealed class PoolRecord
{
    public Guid Id { get; set; }

    /// <summary>The name in lower case (<see cref="PoolStreams.KeyOf"/>), as leases name the pool.</summary>
    public string Key { get; set; } = "";

    public PoolDefinition Definition { get; set; } = null!;

    public DateTimeOffset DefinedAt { get; set; }

    /// <summary>The admin who defined it.</summary>
    public string DefinedBy { get; set; } = "";

    /// <summary>The pool as the domain reads it.</summary>
    public AddressPool ToPool() => AddressPool.Of(Definition);
}
