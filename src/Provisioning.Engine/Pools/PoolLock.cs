using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;

namespace Provisioning.Engine.Pools;

/// <summary>
/// One PostgreSQL advisory lock per schema between allocations and admins' changes to pools: an allocation takes it
/// shared (allocations run side by side; their unique index settles races between them), a definition or removal
/// exclusively, so a pool is never removed under an allocation that read it, and two definitions never both pass
/// the overlap check. Taken after the placement lock, if at all: no cycle, no deadlock.
/// </summary>
public static class PoolLock
{
    /// <summary>Waits for the lock in <paramref name="session"/>'s transaction (begun here if it is not yet); released by commit or rollback.</summary>
    public static async Task AcquireAsync(IDocumentSession session, string schema, bool exclusive, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var connection = session.Connection ?? throw new InvalidOperationException("the session has no open connection after beginning its transaction");
        await using var command = new NpgsqlCommand(exclusive ? "select pg_advisory_xact_lock(@key)" : "select pg_advisory_xact_lock_shared(@key)", connection);
        command.Parameters.AddWithValue("key", KeyOf(schema));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A stable 64-bit key per schema, apart from the placement lock's.</summary>
    public static long KeyOf(string schema) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("provisioning:pools:" + schema)), 0);
}
