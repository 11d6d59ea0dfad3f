using System.Runtime.CompilerServices;
using System.Text;
using Marten;
using Marten.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Provisioning.Engine.Audit;

/// <summary>
/// Audit searches over <see cref="AuditEntry"/> columns: newest first, keyset paged on (timestamp, request id,
/// version), each filter served by its (filter, timestamp, request id, version) index. The request status filter reads the status of the
/// request summaries. Every value is a parameter.
/// </summary>
public sealed class AuditReader(IDocumentStore store)
{
    private readonly AuditTables tables = AuditTables.Of(store);

    /// <summary>One page after <paramref name="after"/> (from the newest when null).</summary>
    public async Task<AuditPage> PageAsync(AuditFilter filter, KeysetCursor? after, int limit, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection(ConnectionUsage.Read);
        await connection.OpenAsync(ct);
        // One more than asked tells whether a next page exists without counting.
        var rows = await ReadAsync(connection, filter, after, limit + 1, ct);
        return rows.Count > limit
            ? new AuditPage(rows.Take(limit).ToList(), rows[limit - 1].Cursor.Encode())
            : new AuditPage(rows, null);
    }

    /// <summary>
    /// Every matching row, in batches of <paramref name="batchSize"/> read one after another: only one batch
    /// is in memory, and no statement or transaction stays open while the caller handles a batch.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<AuditRow>> BatchesAsync(AuditFilter filter, int batchSize, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection(ConnectionUsage.Read);
        await connection.OpenAsync(ct);
        KeysetCursor? after = null;
        while (true)
        {
            var rows = await ReadAsync(connection, filter, after, batchSize, ct);
            if (rows.Count > 0) yield return rows;
            if (rows.Count < batchSize) yield break;
            after = rows[^1].Cursor;
        }
    }

    /// <summary>The SQL a page runs (for EXPLAIN in benchmarks and tests).</summary>
    public NpgsqlCommand Command(AuditFilter filter, KeysetCursor? after, int limit)
    {
        var command = new NpgsqlCommand();
        var where = new StringBuilder("true");
        void Equal(string column, string? value)
        {
            if (value is null) return;
            where.Append($" and a.{column} = ").Append(Parameter(command, value, NpgsqlDbType.Varchar));
        }
        Equal(AuditColumns.Actor, filter.Actor);
        Equal(AuditColumns.Ticket, filter.Ticket);
        Equal(AuditColumns.Host, filter.Host);
        Equal(AuditColumns.Workflow, filter.Workflow);
        Equal(AuditColumns.EventType, filter.EventType);
        Equal(AuditColumns.Project, filter.Project);
        if (filter.From is { } from) where.Append($" and a.{AuditColumns.Timestamp} >= ").Append(Parameter(command, from, NpgsqlDbType.TimestampTz));
        if (filter.To is { } to) where.Append($" and a.{AuditColumns.Timestamp} <= ").Append(Parameter(command, to, NpgsqlDbType.TimestampTz));
        if (filter.Status is { } status)
        {
            // The request's current status lives in its summary (kept inline too); the expression is the one its index uses.
            where.Append($" and a.{AuditColumns.RequestId} in (select s.id from {tables.Summaries} s where s.data ->> 'Status' = ")
                .Append(Parameter(command, status, NpgsqlDbType.Text)).Append(')');
        }
        if (after is { } cursor)
        {
            where.Append($" and (a.{AuditColumns.Timestamp}, a.{AuditColumns.RequestId}, a.{AuditColumns.Version}) < (")
                .Append(Parameter(command, cursor.Timestamp, NpgsqlDbType.TimestampTz)).Append(", ")
                .Append(Parameter(command, cursor.Id, NpgsqlDbType.Uuid)).Append(", ")
                .Append(Parameter(command, cursor.Version, NpgsqlDbType.Bigint)).Append(')');
        }
        string Order(string alias) => $"{alias}.{AuditColumns.Timestamp} desc, {alias}.{AuditColumns.RequestId} desc, {alias}.{AuditColumns.Version} desc";
        // The sequence is looked up for the page's rows only, by the events table's primary key.
        command.CommandText = $"""
            select p.id, p.{AuditColumns.RequestId}, p.{AuditColumns.Version}, p.{AuditColumns.Timestamp}, p.{AuditColumns.EventType},
                   p.{AuditColumns.Actor}, p.{AuditColumns.Ticket}, p.{AuditColumns.Host}, p.{AuditColumns.Workflow}, p.{AuditColumns.Project},
                   p.{AuditColumns.Step}, p.{AuditColumns.Summary},
                   (select e.seq_id from {tables.Events} e where e.stream_id = p.{AuditColumns.RequestId} and e.version = p.{AuditColumns.Version} limit 1)
            from (select a.* from {tables.Entries} a where {where} order by {Order("a")} limit {Parameter(command, limit, NpgsqlDbType.Integer)}) p
            order by {Order("p")}
            """;
        return command;
    }

    private async Task<List<AuditRow>> ReadAsync(NpgsqlConnection connection, AuditFilter filter, KeysetCursor? after, int limit, CancellationToken ct)
    {
        await using var command = Command(filter, after, limit);
        command.Connection = connection;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<AuditRow>(Math.Min(limit, 1024));
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new AuditRow(
                reader.IsDBNull(12) ? null : reader.GetInt64(12),
                reader.GetGuid(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4),
                Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9), Text(reader, 10), reader.GetString(11)));
        }
        return rows;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static string Parameter<T>(NpgsqlCommand command, T value, NpgsqlDbType type)
    {
        var name = $"p{command.Parameters.Count}";
        command.Parameters.Add(new NpgsqlParameter<T>(name, type) { TypedValue = value });
        return "@" + name;
    }
}
