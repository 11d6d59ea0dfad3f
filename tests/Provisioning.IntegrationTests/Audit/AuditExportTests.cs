using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Npgsql;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Audit;

/// <summary>
/// The audit export over HTTP, on 10,000 seeded events: CSV per RFC 4180 with formula cells guarded, NDJSON
/// one object per line, and proof that rows are sent while later batches are still unread.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class AuditExportTests(StackFixture stack)
{
    [Fact]
    public async Task a_csv_export_is_rfc_4180_with_a_row_per_event_and_formula_cells_guarded()
    {
        var seed = await ExportSeed.OnceAsync(stack);

        using var response = await stack.Http.GetAsync($"/api/audit/export?format=csv&project={seed.Project}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var records = Rfc4180.Parse(await response.Content.ReadAsStringAsync());
        var header = records[0];
        Assert.Equal(["sequence", "timestamp", "event_type", "request_id", "version", "actor", "ticket", "host", "workflow", "project", "step", "summary", "event_id"], header);
        var rows = records.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(seed.Events, rows.Count);
        Assert.All(records, r => Assert.Equal(header.Count, r.Count));
        Assert.Equal(seed.Events, rows.Select(r => r["event_id"]).Distinct().Count());
        Assert.Equal(seed.Events, rows.Select(r => long.Parse(r["sequence"], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Count());
        Assert.All(rows, r => Assert.Equal((seed.Project, seed.Actor), (r["project"], r["actor"])));
        // Newest first.
        var times = rows.Select(r => DateTimeOffset.Parse(r["timestamp"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderDescending(), times);

        // A cell a spreadsheet would run gets a leading apostrophe; nothing else is changed.
        foreach (var formula in ExportSeed.FormulaTickets)
        {
            Assert.Contains(rows, r => r["ticket"] == "'" + formula);
            Assert.DoesNotContain(rows, r => r["ticket"] == formula);
        }
        Assert.Contains(rows, r => r["summary"].Contains("=HYPERLINK(\"http://evil.example\",\"click\")", StringComparison.Ordinal));
        Assert.Contains(rows, r => r["summary"].Contains("disk \"vda\" busy, retry later", StringComparison.Ordinal));
    }

    [Fact]
    public async Task an_ndjson_export_has_one_json_object_per_event_per_line()
    {
        var seed = await ExportSeed.OnceAsync(stack);

        using var response = await stack.Http.GetAsync($"/api/audit/export?format=ndjson&project={seed.Project}&actor={seed.Actor}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".ndjson", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text[..^1].Split('\n');
        Assert.Equal(seed.Events, lines.Length);
        var objects = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(objects, o =>
        {
            Assert.Equal(JsonValueKind.Object, o.ValueKind);
            Assert.Equal(seed.Project, o.GetProperty("project").GetString());
            Assert.True(o.GetProperty("sequence").GetInt64() > 0);
            Assert.False(string.IsNullOrEmpty(o.GetProperty("summary").GetString()));
        });
        Assert.Equal(seed.Events, objects.Select(o => o.GetProperty("eventId").GetGuid()).Distinct().Count());
        Assert.Equal(ExportSeed.Requests, objects.Select(o => o.GetProperty("requestId").GetGuid()).Distinct().Count());
        Assert.Equal(ExportSeed.Requests, objects.Count(o => o.GetProperty("eventType").GetString() == "request_submitted"));
    }

    /// <summary>
    /// The client takes the first rows, then locks the audit table. A streaming export cannot finish: it has
    /// to come back to the table for its next batch and waits on the lock (visible in pg_locks) with rows
    /// still unsent. An export that read everything before answering finishes and never waits.
    /// </summary>
    [Fact]
    public async Task the_export_sends_its_first_rows_before_it_has_read_the_last_batch()
    {
        var seed = await ExportSeed.OnceAsync(stack);
        using var client = SmallWindowClient();
        using var response = await client.GetAsync($"/api/audit/export?format=csv&project={seed.Project}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var chunk = new byte[4096];
        while (CountLines(received) < 2)
        {
            var n = await body.ReadAsync(chunk);
            Assert.True(n > 0, "the export ended before its first row");
            received.Write(chunk, 0, n);
        }

        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Sql(connection, "set local lock_timeout = '30s'");
        await Sql(connection, $"lock table {seed.EntryTable} in access exclusive mode");

        var rest = Task.Run(async () =>
        {
            int n;
            while ((n = await body.ReadAsync(chunk)) > 0) received.Write(chunk, 0, n);
        });
        var waiting = await Eventually.Until(() => WaitersAsync(seed.EntryTable), n => n > 0 || rest.IsCompleted, TimeSpan.FromSeconds(30),
            "the export to wait for the locked audit table");
        Assert.True(waiting > 0, "the export finished without reading the table again: it did not stream");
        Assert.False(rest.IsCompleted);

        await transaction.CommitAsync();
        await rest.WaitAsync(TimeSpan.FromSeconds(60));
        var records = Rfc4180.Parse(Encoding.UTF8.GetString(received.ToArray()));
        Assert.Equal(seed.Events + 1, records.Count);
    }

    // Sessions other than ours waiting for a lock on the table, running the export's query.
    private static async Task<long> WaitersAsync(string table)
    {
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.relation = to_regclass(@table) and not l.granted and a.query ilike '%occurred_at%'
            """, connection);
        command.Parameters.AddWithValue("table", table);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Sql(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static int CountLines(MemoryStream received) => received.ToArray().Count(b => b == (byte)'\n');

    // A receive buffer of a few KB: the server can run ahead of this client only by what its own buffers hold.
    private HttpClient SmallWindowClient()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = stack.Http.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        // The stack's own credentials, whatever they are.
        foreach (var header in stack.Http.DefaultRequestHeaders) client.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        return client;
    }
}
