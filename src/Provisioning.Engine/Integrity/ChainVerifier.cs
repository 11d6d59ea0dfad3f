using System.Diagnostics;
using System.Text.Json;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Provisioning.Engine.Integrity;

/// <summary>
/// Verifies the hash chain of the whole store or of one stream, archived streams included. The work is one
/// query inside PostgreSQL (see <see cref="ChainQuery"/>): a million events are checked without moving them
/// to .NET; only the counts and the broken streams come back.
/// </summary>
public sealed class ChainVerifier(IDocumentStore store)
{
    /// <summary>How many broken streams a report lists unless asked otherwise.</summary>
    public const int DefaultMaxBroken = 100;

    /// <summary>The most broken streams a report may list.</summary>
    public const int MaxBrokenLimit = 1000;

    /// <summary>The report, or null when <paramref name="stream"/> names a stream that does not exist.</summary>
    public async Task<ChainReport?> VerifyAsync(Guid? stream, int maxBroken, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);

        long streams, events, archived, brokenCount;
        var broken = new List<StreamFacts>();
        // No command timeout: a large store takes a while; the caller's cancellation still ends it.
        await using (var command = new NpgsqlCommand(ChainQuery.For(schema, stream is not null), connection) { CommandTimeout = 0 })
        {
            command.Parameters.AddWithValue("max", Math.Clamp(maxBroken, 1, MaxBrokenLimit));
            if (stream is { } id) command.Parameters.AddWithValue("stream", NpgsqlDbType.Uuid, id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            (streams, events, archived, brokenCount) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            using var json = JsonDocument.Parse(reader.GetString(4));
            broken.AddRange(json.RootElement.EnumerateArray().Select(StreamFacts.FromJson));
        }
        if (stream is not null && streams == 0) return null;

        var head = stream is { } one ? await HeadAsync(connection, schema, one, ct) : null;
        return LinkClassifier.Report(stream, streams, events, archived, brokenCount, broken, Stopwatch.GetElapsedTime(started), head);
    }

    private static async Task<ChainHead?> HeadAsync(NpgsqlConnection connection, string schema, Guid stream, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(ChainQuery.Head(schema), connection);
        command.Parameters.AddWithValue("stream", NpgsqlDbType.Uuid, stream);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new ChainHead(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;
    }
}
