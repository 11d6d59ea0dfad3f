using Npgsql;
using Provisioning.Benchmarks.Measure;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// What the machine allows, on the real PostgreSQL and RabbitMQ: (a) a bare Marten append loop, (b) a bare
/// MassTransit round trip, (c) a bare consume -> append -> send loop shaped like the engine. Each runs at
/// concurrency 1 (its p50 is the light-load latency baseline) and at a high level (its rate is the ceiling),
/// in a schema and a vhost of its own that are removed at the end, also on failure or Ctrl-C.
/// </summary>
public static class CeilingsBenchmark
{
    /// <summary>Runs every loop, printing each run's figures as it finishes, and returns them all.</summary>
    public static async Task<CeilingsResult> RunAsync(CeilingsOptions options, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var schema = $"bench_ceil_{id}";
        var vhost = new RabbitVhost(options.RabbitNode, $"bench_ceil_{id}", options.RabbitUsername);
        var warmUp = TimeSpan.FromSeconds(options.WarmUpSeconds);
        var measure = TimeSpan.FromSeconds(options.Seconds);
        var loops = new List<LoopFigures>();
        Console.WriteLine($"ceilings: schema {schema}, vhost {vhost.Name}; warm-up {options.WarmUpSeconds:F0} s, measure {options.Seconds:F0} s per run");
        Console.WriteLine($"  postgres {await ServerSettingsAsync(options.Postgres, ct)}");
        try
        {
            await vhost.CreateAsync(ct);
            await using var store = await BenchStore.CreateAsync(options.Postgres, schema, ct);

            foreach (var workers in Levels(options.Concurrency))
            {
                Keep(loops, await MartenAppendLoop.RunAsync(store, workers, warmUp, measure, ct));
            }

            var pending = new PendingReplies();
            await using (var bus = await RoundTripLoop.StartBusAsync(options, vhost.Name, pending, options.Concurrency, ct))
            {
                foreach (var workers in Levels(options.Concurrency))
                {
                    Keep(loops, await RoundTripLoop.RunAsync(bus, pending, workers, warmUp, measure, ct));
                }
            }

            foreach (var chains in Levels(options.Chains))
            {
                Keep(loops, await ConsumeAppendSendLoop.RunAsync(options, vhost.Name, store, chains, warmUp, measure, ct));
            }
            Console.WriteLine($"  streams {await StreamShapeAsync(options.Postgres, schema, ct)}");
            return new CeilingsResult(loops);
        }
        finally
        {
            await vhost.DeleteAsync();
            await BenchStore.DropAsync(options.Postgres, schema);
            Console.WriteLine($"ceilings: removed schema {schema} and vhost {vhost.Name}");
        }
    }

    private static IEnumerable<int> Levels(int high) => high == 1 ? [1] : [1, high];

    private static void Keep(List<LoopFigures> loops, LoopFigures figures)
    {
        loops.Add(figures);
        Console.WriteLine($"  {figures}");
    }

    // A check that the loops wrote what they claim: streams of about a request's length.
    private static async Task<string> StreamShapeAsync(string connection, string schema, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"select count(*), coalesce(sum(version), 0), coalesce(max(version), 0) from {Engine.Audit.AuditTables.Quote(schema)}.mt_streams", db);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return $"{reader.GetInt64(0):N0} streams, {reader.GetInt64(1):N0} events, longest {reader.GetInt64(2)} events";
    }

    // Printed so the figures can be read against the durability they were measured with.
    private static async Task<string> ServerSettingsAsync(string connection, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "select current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('wal_sync_method')", db);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return $"{reader.GetString(0)}: fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, wal_sync_method={reader.GetString(3)}";
    }
}
