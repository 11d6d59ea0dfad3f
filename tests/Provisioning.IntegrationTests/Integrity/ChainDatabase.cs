using Npgsql;
using Provisioning.Engine.Integrity;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Integrity;

/// <summary>Direct SQL on one schema's events, as someone with database access would tamper with them.</summary>
public sealed class ChainDatabase(string schema)
{
    public string Schema { get; } = schema;

    /// <summary>The events table, quoted.</summary>
    public string Events => Table("mt_events");

    /// <summary>A table of the schema, quoted.</summary>
    public string Table(string name) => $"{HashChainSql.Quote(Schema)}.{name}";

    /// <summary>Runs a statement; <c>@stream</c>, <c>@seq</c> and <c>@value</c> are bound when given.</summary>
    public async Task<int> ExecuteAsync(string sql, Guid? stream = null, long? seq = null, object? value = null)
    {
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (stream is { } s) command.Parameters.AddWithValue("stream", s);
        if (seq is { } q) command.Parameters.AddWithValue("seq", q);
        if (value is not null) command.Parameters.AddWithValue("value", value);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>A single value.</summary>
    public async Task<T> ScalarAsync<T>(string sql, Guid? stream = null, long? seq = null)
    {
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (stream is { } s) command.Parameters.AddWithValue("stream", s);
        if (seq is { } q) command.Parameters.AddWithValue("seq", q);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The global sequence number of one version of a stream.</summary>
    public Task<long> SeqOfAsync(Guid stream, long version) =>
        ScalarAsync<long>($"select seq_id from {Events} where stream_id = @stream and version = {version}", stream);

    /// <summary>Keeps a stream's rows as they are now, to put them back after tampering.</summary>
    public async Task<StreamSnapshot> SnapshotAsync(Guid stream) =>
        new(this, stream, await ScalarAsync<string>($"select jsonb_agg(to_jsonb(e) order by e.version)::text from {Events} e where e.stream_id = @stream", stream));

    /// <summary>Whether the chain's trigger is on the events table, enabled.</summary>
    public Task<bool> TriggerInstalledAsync() => ScalarAsync<bool>($"""
        select exists (select 1 from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = '{Schema}' and c.relname = 'mt_events' and t.tgname = '{HashChainSql.TriggerName}' and t.tgenabled <> 'D')
        """);
}

/// <summary>A stream's rows as they were; <see cref="RestoreAsync"/> puts them back (the trigger re-hashes them identically).</summary>
public sealed class StreamSnapshot(ChainDatabase db, Guid stream, string rows)
{
    public async Task RestoreAsync()
    {
        await db.ExecuteAsync($"""
            delete from {db.Events} where stream_id = @stream;
            insert into {db.Events} select * from jsonb_populate_recordset(null::{db.Events}, @value::jsonb) order by version;
            """, stream, value: rows);
    }
}
