using Npgsql;

namespace Provisioning.Testing;

/// <summary>
/// A stack's PostgreSQL schema read straight through Npgsql (no API in between, so it keeps answering while a control
/// plane is down): the event table and the documents Marten keeps there. Drops the schema at the end of a run.
/// </summary>
public sealed class StackStore(string connectionString, string schema)
{
    public string Schema { get; } = schema;

    public string ConnectionString { get; } = connectionString;

    /// <summary>An open connection to the store's database (the caller disposes it).</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>One value of a query; <c>{schema}</c> in <paramref name="sql"/> stands for the quoted schema.</summary>
    public async Task<T> ScalarAsync<T>(string sql, IReadOnlyDictionary<string, object>? parameters = null, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, sql, parameters);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Runs statements that return nothing; <c>{schema}</c> as in <see cref="ScalarAsync{T}"/>.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, sql, null);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The rows of a query, each read by <paramref name="read"/>; <c>{schema}</c> as in <see cref="ScalarAsync{T}"/>.</summary>
    public async Task<List<T>> RowsAsync<T>(string sql, Func<NpgsqlDataReader, T> read, IReadOnlyDictionary<string, object>? parameters = null, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(read(reader));
        return rows;
    }

    /// <summary>The store's position now (the highest event sequence number; 0 for an empty store).</summary>
    public Task<long> MarkAsync() => ScalarAsync<long>("select coalesce(max(seq_id), 0) from {schema}.mt_events");

    /// <summary>How many events of <paramref name="type"/> the store holds (all streams).</summary>
    public Task<long> CountEventsAsync(string type) =>
        ScalarAsync<long>("select count(*) from {schema}.mt_events where type = @type", new Dictionary<string, object> { ["type"] = type });

    /// <summary>
    /// Events appended since <paramref name="mark"/> to streams that had none before it: what a refused input would have
    /// started. Marten's tombstones (placeholders for the sequence numbers of a failed append) are not counted.
    /// </summary>
    public Task<long> EventsInNewStreamsSinceAsync(long mark) => ScalarAsync<long>(
        """
        select count(*) from {schema}.mt_events e
        where e.seq_id > @mark and e.type <> 'tombstone'
          and not exists (select 1 from {schema}.mt_events b where b.stream_id = e.stream_id and b.seq_id <= @mark)
        """, new Dictionary<string, object> { ["mark"] = mark });

    /// <summary>
    /// Sequence numbers handed out that no event holds: each one is an append that failed after taking its number,
    /// and each one makes the async daemon wait before passing it.
    /// </summary>
    public Task<long> SequenceHolesAsync() => ScalarAsync<long>("select coalesce(max(seq_id), 0) - count(*) from {schema}.mt_events");

    /// <summary>Every request's status and current step, from the request summaries.</summary>
    public async Task<Dictionary<Guid, (string Status, string? Step)>> SummariesAsync(CancellationToken ct = default) =>
        (await RowsAsync("select id, data->>'Status', data->>'CurrentStep' from {schema}.mt_doc_requestsummary",
            r => (Id: r.GetGuid(0), Status: r.GetString(1), Step: r.IsDBNull(2) ? null : r.GetString(2)), ct: ct))
        .ToDictionary(r => r.Id, r => (r.Status, r.Step));

    /// <summary>How many requests have each status, from the request summaries.</summary>
    public async Task<IReadOnlyDictionary<string, long>> StatusCountsAsync(CancellationToken ct = default) =>
        (await RowsAsync("select data->>'Status', count(*) from {schema}.mt_doc_requestsummary group by 1", r => (r.GetString(0), r.GetInt64(1)), ct: ct))
        .ToDictionary(r => r.Item1, r => r.Item2);

    /// <summary>Drops the schema with everything in it; absence is fine.</summary>
    public async Task DropAsync()
    {
        await using var connection = await OpenAsync();
        await using var drop = Command(connection, "drop schema if exists {schema} cascade", null);
        await drop.ExecuteNonQueryAsync();
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, string sql, IReadOnlyDictionary<string, object>? parameters)
    {
        var command = new NpgsqlCommand(sql.Replace("{schema}", $"\"{Schema}\"", StringComparison.Ordinal), connection);
        foreach (var (name, value) in parameters ?? new Dictionary<string, object>()) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
