using JasperFx;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Npgsql;
using Provisioning.Domain.Pools;
using Provisioning.Hosting;

namespace Provisioning.Engine.Pools;

/// <summary>
/// The lease documents: their projections, the unique index that makes one address one VM's across every engine
/// replica (the second of two transactions leasing one address fails at commit, whatever each read before), how that
/// failure is told apart from any other, and the reads allocation and removal need.
/// </summary>
public static class AddressLeases
{
    /// <summary>The unique index on (pool, address) of <c>mt_doc_addresslease</c>.</summary>
    public const string UniqueIndex = "pv_address_lease_unique";

    public static void Configure(StoreOptions opts)
    {
        opts.Projections.Add<PoolRecordProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<AddressLeaseProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<PoolRecord>().Index(x => x.Key);
        opts.Schema.For<AddressLease>().UniqueIndex(UniqueIndexType.Computed, UniqueIndex, x => x.Pool, x => x.Address);
    }

    /// <summary>
    /// Whether <paramref name="e"/> is a second lease of an address failing on <see cref="UniqueIndex"/>. Marten reports
    /// a unique violation on any index of a document's table as a <see cref="DocumentAlreadyExistsException"/> of that
    /// document type (an idempotency record's is one too, of its own type), or, on other paths, as PostgreSQL's 23505
    /// naming the index: both are recognised, nothing else.
    /// </summary>
    public static bool IsConflict(Exception e) => ExceptionChain.Any(e, x =>
        (x is DocumentAlreadyExistsException { DocumentType: var type } && type == typeof(AddressLease))
        || (x is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: { } name } && name.EndsWith(UniqueIndex, StringComparison.Ordinal)));

    /// <summary>The addresses held in the pool with key <paramref name="pool"/>.</summary>
    public static async Task<IReadOnlyList<HeldAddress>> HeldInAsync(IQuerySession session, string pool, CancellationToken ct)
    {
        var leases = await session.Query<AddressLease>().Where(l => l.Pool == pool).ToListAsync(ct);
        return [.. leases.Select(ToHeld)];
    }

    /// <summary>The address <paramref name="requestId"/> holds; null when it holds none.</summary>
    public static async Task<AddressLease?> OfRequestAsync(IQuerySession session, Guid requestId, CancellationToken ct) =>
        await session.LoadAsync<AddressLease>(requestId, ct);

    public static HeldAddress ToHeld(AddressLease l) => new(l.Pool, l.Address, l.Id, l.Vm);
}
