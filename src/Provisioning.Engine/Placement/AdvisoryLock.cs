using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;

namespace Provisioning.Engine.Placement;

/// <summary>
/// A PostgreSQL transaction-scoped advisory lock, shared or exclusive, in a session's transaction: the mechanism under
/// <see cref="PlacementLock"/> and <see cref="Pools.PoolLock"/>, which say what each guards.
/// </summary>
public static class AdvisoryLock
{
    /// <summary>Opens <paramref name="session"/>'s transaction (if it is not yet) and waits for the lock in it; released by commit or rollback.</summary>
    public static async Task AcquireAsync(IDocumentSession session, long key, bool exclusive, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var connection = session.Connection ?? throw new InvalidOperationException("the session has no open connection after beginning its transaction");
        await using var command = new NpgsqlCommand(exclusive ? "select pg_advisory_xact_lock(@key)" : "select pg_advisory_xact_lock_shared(@key)", connection);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Opens <paramref name="session"/>'s transaction and takes the exclusive lock in it if nobody holds it: false at once
    /// when another session does (whatever it guards is being done there). Released by commit or rollback.
    /// </summary>
    public static async Task<bool> TryAcquireAsync(IDocumentSession session, long key, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var connection = session.Connection ?? throw new InvalidOperationException("the session has no open connection after beginning its transaction");
        await using var command = new NpgsqlCommand("select pg_try_advisory_xact_lock(@key)", connection);
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>A stable 64-bit key per purpose and schema, so test runs and installations sharing a database do not wait on each other.</summary>
    public static long Key(string purpose, string schema) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"provisioning:{purpose}:{schema}")), 0);
}
