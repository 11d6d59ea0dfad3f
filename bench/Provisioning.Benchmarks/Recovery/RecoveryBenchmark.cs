using System.Diagnostics;
using Npgsql;
using Provisioning.Benchmarks.Throughput;
using Provisioning.Benchmarks.Stack;

namespace Provisioning.Benchmarks.Recovery;

/// <summary>
/// Submits requests until <see cref="EngineBenchmarkOptions.RecoveryInFlight"/> are in flight at once, kills the control
/// plane, starts it again, and times the recovery from the moment of the restart. Agents keep running throughout.
/// </summary>
public static class RecoveryBenchmark
{
    public static async Task<RecoveryFigures> RunAsync(BenchEnvironment env, EngineBenchmarkOptions options, CancellationToken ct)
    {
        var name = env.RunPrefix + "r";
        var target = options.RecoveryInFlight;
        Console.WriteLine($"recovery: kill the engine with {target:N0} requests in flight, {options.Agents} agents");
        await using var stack = await BenchStack.StartAsync(env, name, EngineThroughputBenchmark.TestDriverAgents(name, options.Agents));

        // Submit in batches until enough are in flight; the engine keeps finishing requests meanwhile.
        var submitted = 0;
        long inFlight = 0;
        while (inFlight < target && submitted < target * 10)
        {
            var batch = Enumerable.Range(submitted, Math.Min(200, target - (int)inFlight + 50)).ToList();
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = options.Submitters, CancellationToken = ct }, async (i, token) =>
                await stack.SubmitVmAsync($"{name}-vm{i:00000}", $"{name}-h{i % options.Agents + 1}", "br", 100, 64, token));
            submitted += batch.Count;
            var counts = await stack.StatusCountsAsync(ct);
            inFlight = counts.Values.Sum() - EngineThroughputBenchmark.Done(counts);
        }

        await stack.ControlPlane.KillAsync();
        var open = await OpenRequestsAsync(stack, ct);
        var holders = await SlotHoldersAsync(stack, ct);
        var waitingByHost = await WaitersByHostAsync(stack, ct);
        Console.WriteLine($"  killed the control plane: {submitted:N0} submitted, {open.Count:N0} in flight, "
            + $"{holders.Count:N0} with a command out, {waitingByHost.Values.Sum(w => w.Count):N0} waiting for a slot on {waitingByHost.Count} hosts");

        await using var connection = await stack.OpenAsync(ct);
        var restartedAt = await DatabaseNowAsync(connection, ct);
        var clock = Stopwatch.StartNew();
        await stack.ControlPlane.StartAsync(TimeSpan.FromMinutes(3));
        var ready = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  ready again after {ready:0.00} s");

        var moved = new Dictionary<Guid, double>();
        await Eventually.Until(async () =>
        {
            foreach (var (id, seconds) in await FirstMovesAsync(connection, stack.Name, restartedAt, ct)) moved.TryAdd(id, seconds);
            return open.All(moved.ContainsKey);
        }, TimeSpan.FromMinutes(10), "every request in flight to move", TimeSpan.FromMilliseconds(100), ct);
        var firstMoves = open.Select(id => moved[id]).Order().ToArray();
        // A holder gone from the open set ended before the kill was seen; one still open moved when its result was taken.
        var holderMoves = holders.Where(open.Contains).Select(id => moved[id]).Order().ToArray();
        // Per host, the first of its waiting requests to move: the host's slots are being handed out again.
        var refill = waitingByHost.Values.Select(w => w.Where(open.Contains).Select(id => moved[id]).DefaultIfEmpty(0).Min()).DefaultIfEmpty(0).Max();
        Console.WriteLine($"  every request with a command out moved within {At(holderMoves, 1):0.00} s of the restart (p50 {At(holderMoves, 0.5):0.00} s); "
            + $"every host granted a waiting request within {refill:0.00} s");
        Console.WriteLine($"  every request moved within {firstMoves[^1]:0.00} s of the restart (p50 {firstMoves[firstMoves.Length / 2]:0.00} s)");

        await Eventually.Until(async () => EngineThroughputBenchmark.Done(await stack.StatusCountsAsync(ct)) >= submitted, TimeSpan.FromMinutes(30), "every request to end", TimeSpan.FromMilliseconds(250), ct);
        var drain = clock.Elapsed.TotalSeconds;
        var succeeded = (await stack.StatusCountsAsync(ct)).GetValueOrDefault("Succeeded");
        Console.WriteLine($"  all {submitted:N0} ended {drain:0.0} s after the restart, {succeeded:N0} succeeded");
        if (succeeded != submitted) throw new InvalidOperationException($"{submitted - succeeded} requests did not succeed after the restart; see {stack.ControlPlane.LogPath}");
        return new RecoveryFigures(open.Count, ready, firstMoves[^1], firstMoves[firstMoves.Length / 2], drain, succeeded,
            holderMoves.Length, At(holderMoves, 1), At(holderMoves, 0.5), waitingByHost.Count, refill);
    }

    private static double At(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];

    /// <summary>The requests holding a slot: a command out is exactly a stored timeout deadline (see the engine's HostSlots).</summary>
    private static async Task<HashSet<Guid>> SlotHoldersAsync(BenchStack stack, CancellationToken ct)
    {
        await using var connection = await stack.OpenAsync(ct);
        await using var query = new NpgsqlCommand(
            $"select distinct (data->>'RequestId')::uuid from \"{stack.Name}\".mt_doc_stepdeadline where data->>'Kind' = 'timeout'", connection);
        await using var reader = await query.ExecuteReaderAsync(ct);
        var ids = new HashSet<Guid>();
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private static async Task<Dictionary<string, List<Guid>>> WaitersByHostAsync(BenchStack stack, CancellationToken ct)
    {
        await using var connection = await stack.OpenAsync(ct);
        await using var query = new NpgsqlCommand($"select id, data->>'Host' from \"{stack.Name}\".mt_doc_slotwaiter", connection);
        await using var reader = await query.ExecuteReaderAsync(ct);
        var byHost = new Dictionary<string, List<Guid>>();
        while (await reader.ReadAsync(ct))
        {
            var host = reader.GetString(1);
            if (!byHost.TryGetValue(host, out var list)) byHost[host] = list = [];
            list.Add(reader.GetGuid(0));
        }
        return byHost;
    }

    private static async Task<HashSet<Guid>> OpenRequestsAsync(BenchStack stack, CancellationToken ct)
    {
        await using var connection = await stack.OpenAsync(ct);
        await using var query = new NpgsqlCommand(
            $"select id from \"{stack.Name}\".mt_doc_requestsummary where data->>'Status' not in ({string.Join(", ", RequestStatuses.Terminal.Select(s => $"'{s}'"))})", connection);
        await using var reader = await query.ExecuteReaderAsync(ct);
        var ids = new HashSet<Guid>();
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private static async Task<DateTimeOffset> DatabaseNowAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var now = new NpgsqlCommand("select clock_timestamp()", connection);
        return new DateTimeOffset((DateTime)(await now.ExecuteScalarAsync(ct))!, TimeSpan.Zero);
    }

    /// <summary>Per request, seconds from the restart to its first event after it.</summary>
    private static async Task<List<(Guid Id, double Seconds)>> FirstMovesAsync(NpgsqlConnection connection, string schema, DateTimeOffset since, CancellationToken ct)
    {
        await using var query = new NpgsqlCommand(
            $"select stream_id, extract(epoch from (min(timestamp) - @since)) from \"{schema}\".mt_events where timestamp > @since group by stream_id", connection);
        query.Parameters.AddWithValue("since", since);
        await using var reader = await query.ExecuteReaderAsync(ct);
        var moves = new List<(Guid, double)>();
        while (await reader.ReadAsync(ct)) moves.Add((reader.GetGuid(0), Convert.ToDouble(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
        return moves;
    }
}
