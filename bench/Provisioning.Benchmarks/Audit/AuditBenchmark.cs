using System.Diagnostics;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Provisioning.Domain.Requests;
using Provisioning.Engine;
using Provisioning.Engine.Audit;
using Provisioning.Engine.Audit.Timeline;
using Provisioning.Engine.Workflows;

namespace Provisioning.Benchmarks.Audit;

/// <summary>
/// Seeds a throwaway schema with realistic request streams through the engine's own Marten setup (every
/// inline projection on), then measures the audit queries the API runs and prints p50/p95 and export rates.
/// </summary>
public sealed class AuditBenchmark(AuditBenchmarkOptions options)
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Span = TimeSpan.FromDays(180);

    public async Task RunAsync()
    {
        Console.WriteLine($"audit benchmark: {options.Events:N0} events into schema {options.Schema}, {options.Iterations} iterations per query");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = options.Connection,
            [$"{EngineOptions.Section}:Schema"] = options.Schema,
            [$"{EngineOptions.Section}:RunSaga"] = "false",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddProvisioningEngine(configuration);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IDocumentStore>();
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            var workflow = provider.GetRequiredService<WorkflowCatalog>().Find("provision-vm")
                ?? throw new InvalidOperationException("no provision-vm workflow");
            var requests = await new Seeder(store).SeedAsync(new SyntheticRequests(workflow, 42, Start, Span), options.Events);
            await AnalyzeAsync();
            var figures = await MeasureAsync(store, requests);
            Print(figures.Latencies, figures.Exports);
            await ExplainAsync(store, requests);
        }
        finally
        {
            if (options.Keep) Console.WriteLine($"kept schema {options.Schema}");
            else await DropAsync();
        }
    }

    private async Task<(List<Percentiles> Latencies, List<string> Exports)> MeasureAsync(IDocumentStore store, IReadOnlyList<SeedRequest> requests)
    {
        var random = new Random(7);
        var reader = new AuditReader(store);
        var ticketed = requests.Where(r => r.Ticket is not null).ToList();
        var n = options.Iterations;
        var latencies = new List<Percentiles>
        {
            await Percentiles.MeasureAsync("timeline of a random request", n, async _ =>
            {
                await using var session = store.QuerySession();
                var events = await session.Events.FetchStreamAsync(requests[random.Next(requests.Count)].Id);
                var timeline = RequestTimelines.Build(events.Select(e => new RecordedEvent(e.Data, e.UserName)).ToList());
                return timeline!.Steps.Count;
            }),
            await Percentiles.MeasureAsync("audit search by ticket (50)", n, async _ =>
                (await reader.PageAsync(new AuditFilter(Ticket: ticketed[random.Next(ticketed.Count)].Ticket), null, 50, default)).Items.Count),
            await Percentiles.MeasureAsync("audit search by actor + 30 days (50)", n, async _ =>
            {
                var from = Start + TimeSpan.FromDays(random.Next((int)Span.TotalDays - 30));
                var actor = SyntheticRequests.ActorName(random.Next(SyntheticRequests.Actors));
                return (await reader.PageAsync(new AuditFilter(Actor: actor, From: from, To: from.AddDays(30)), null, 50, default)).Items.Count;
            }),
            await Percentiles.MeasureAsync("audit search by actor + 30 days, page 2", n, async _ =>
            {
                var from = Start + TimeSpan.FromDays(random.Next((int)Span.TotalDays - 30));
                var filter = new AuditFilter(Actor: SyntheticRequests.ActorName(random.Next(SyntheticRequests.Actors)), From: from, To: from.AddDays(30));
                var first = await reader.PageAsync(filter, null, 50, default);
                if (first.NextPage is null || !KeysetCursor.TryDecode(first.NextPage, out var cursor)) return 0;
                return (await reader.PageAsync(filter, cursor, 50, default)).Items.Count;
            }),
            await Percentiles.MeasureAsync("audit search by host + event type (50)", n, async _ =>
                (await reader.PageAsync(new AuditFilter(Host: SyntheticRequests.HostName(random.Next(SyntheticRequests.Hosts)), EventType: "step_failed"), null, 50, default)).Items.Count),
            await Percentiles.MeasureAsync("audit search by status RollbackFailed (50)", n, async _ =>
                (await reader.PageAsync(new AuditFilter(Status: nameof(RequestStatus.RollbackFailed)), null, 50, default)).Items.Count),
            await Percentiles.MeasureAsync("audit search, no filter (50)", n, async _ =>
                (await reader.PageAsync(new AuditFilter(), null, 50, default)).Items.Count),
            await Percentiles.MeasureAsync("host history page (50)", n, async _ =>
            {
                await using var session = store.QuerySession();
                return (await HostHistory.PageAsync(session, SyntheticRequests.HostName(random.Next(SyntheticRequests.Hosts)), null, 50, default)).Items.Count;
            }),
        };

        var exports = new List<string>();
        foreach (var (label, filter) in new[] { ("everything", new AuditFilter()), ("one project", new AuditFilter(Project: SyntheticRequests.ProjectName(3))) })
        {
            foreach (var format in Enum.GetValues<AuditExportFormat>())
            {
                var clock = Stopwatch.StartNew();
                var (rows, bytes) = await AuditExport.WriteAsync(reader.BatchesAsync(filter, AuditExport.BatchSize, default), format, Stream.Null, default);
                var s = clock.Elapsed.TotalSeconds;
                exports.Add($"{"export " + label + " as " + format.ToString().ToLowerInvariant(),-42} {rows,10:N0} rows {s,7:N1} s {rows / s,10:N0} rows/s {bytes / s / 1e6,7:N1} MB/s");
            }
        }
        return (latencies, exports);
    }

    private static void Print(List<Percentiles> latencies, List<string> exports)
    {
        Console.WriteLine();
        Console.WriteLine($"{"query",-42} {"n",5} {"p50 ms",9} {"p95 ms",9} {"max ms",9} {"rows",7}");
        foreach (var p in latencies)
        {
            Console.WriteLine($"{p.Name,-42} {p.Count,5} {p.P50,9:N2} {p.P95,9:N2} {p.Max,9:N2} {p.MeanRows,7:N1}");
        }
        Console.WriteLine();
        foreach (var line in exports) Console.WriteLine(line);
    }

    /// <summary>The plans of the audit queries on this data: every one should name an index, none a sequential scan.</summary>
    private async Task ExplainAsync(IDocumentStore store, IReadOnlyList<SeedRequest> requests)
    {
        var reader = new AuditReader(store);
        var tables = AuditTables.Of(store);
        var sample = requests[requests.Count / 2];
        var from = Start + TimeSpan.FromDays(60);
        var queries = new List<(string Name, NpgsqlCommand Command)>
        {
            ("ticket", reader.Command(new AuditFilter(Ticket: requests.First(r => r.Ticket is not null).Ticket), null, 51)),
            ("actor + time range", reader.Command(new AuditFilter(Actor: sample.Actor, From: from, To: from.AddDays(30)), null, 51)),
            ("host + event type", reader.Command(new AuditFilter(Host: sample.Host, EventType: "step_failed"), null, 51)),
            ("status", reader.Command(new AuditFilter(Status: nameof(RequestStatus.RollbackFailed)), null, 51)),
            ("project, page after a cursor", reader.Command(new AuditFilter(Project: sample.Project), new KeysetCursor(from, Guid.Empty), 51)),
        };
        var history = new NpgsqlCommand($"select d.data from {tables.HostActivity} d where d.{HostActivityColumns.Host} = @h order by d.{HostActivityColumns.DispatchedAt} desc, d.id desc limit 51");
        history.Parameters.AddWithValue("h", sample.Host);
        queries.Add(("host history", history));

        await using var connection = new NpgsqlConnection(options.Connection);
        await connection.OpenAsync();
        Console.WriteLine();
        Console.WriteLine("plans (EXPLAIN ANALYZE, scan nodes only):");
        foreach (var (name, command) in queries)
        {
            await using (command)
            {
                command.Connection = connection;
                command.CommandText = "explain (analyze, costs off) " + command.CommandText;
                var lines = new List<string>();
                await using (var result = await command.ExecuteReaderAsync())
                {
                    while (await result.ReadAsync()) lines.Add(result.GetString(0));
                }
                var scans = lines.Where(l => l.Contains("Scan", StringComparison.Ordinal)).Select(l => l.Trim().TrimStart('-', '>', ' ')).ToList();
                var total = lines.FirstOrDefault(l => l.StartsWith("Execution Time", StringComparison.Ordinal));
                Console.WriteLine($"  {name}: {total}");
                foreach (var scan in scans) Console.WriteLine($"    {scan}");
                if (scans.Any(s => s.StartsWith("Seq Scan", StringComparison.Ordinal))) Console.WriteLine("    WARNING: sequential scan");
            }
        }
    }

    private async Task AnalyzeAsync()
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(options.Connection);
        await connection.OpenAsync();
        // This schema's tables only: the database is shared.
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select tablename from pg_tables where schemaname = @s", connection))
        {
            list.Parameters.AddWithValue("s", options.Schema);
            await using var rows = await list.ExecuteReaderAsync();
            while (await rows.ReadAsync()) tables.Add(rows.GetString(0));
        }
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"analyze {AuditTables.Quote(options.Schema)}.{AuditTables.Quote(table)}", connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"  analyzed in {clock.Elapsed.TotalSeconds:N1} s");
    }

    private async Task DropAsync()
    {
        await using var connection = new NpgsqlConnection(options.Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"drop schema if exists {AuditTables.Quote(options.Schema)} cascade", connection);
        await command.ExecuteNonQueryAsync();
        Console.WriteLine($"dropped schema {options.Schema}");
    }
}
