using System.Globalization;
using Npgsql;

namespace Provisioning.Benchmarks.Throughput;

/// <summary>
/// What a run left in the event store, read with SQL: when the first request was submitted and the last one ended,
/// how many steps succeeded, and the orchestration latency of every step after a request's first.
/// </summary>
public sealed record StoreFigures(DateTimeOffset FirstSubmitted, DateTimeOffset LastEnded, long Steps, double[] OrchestrationMs)
{
    /// <summary>
    /// The latency of a step is taken from the agent's own clock in the stored results: from the moment the agent finished
    /// step n (and sent its result) to the moment it began step n+1 (it received the command). In between: the result's way
    /// through RabbitMQ, the engine's consume, decide and append, the outbox subscription and the command's way back.
    /// </summary>
    public static async Task<StoreFigures> ReadAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        var events = $"\"{schema}\".mt_events";
        await using var bounds = new NpgsqlCommand(
            $"select (select min(timestamp) from {events} where type = 'request_submitted'), " +
            $"(select max(timestamp) from {events} where type in ('request_succeeded', 'request_failed', 'request_rolled_back', 'rollback_failed', 'request_cancelled')), " +
            $"(select count(*) from {events} where type = 'step_succeeded')", connection);
        await using var reader = await bounds.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var first = reader.IsDBNull(0) ? DateTimeOffset.MinValue : reader.GetFieldValue<DateTimeOffset>(0);
        var last = reader.IsDBNull(1) ? DateTimeOffset.MinValue : reader.GetFieldValue<DateTimeOffset>(1);
        var steps = reader.GetInt64(2);
        await reader.CloseAsync();

        await using var gaps = new NpgsqlCommand(
            "select extract(epoch from ((data->>'StartedAt')::timestamptz - lag((data->>'FinishedAt')::timestamptz) over (partition by stream_id order by version))) * 1000 " +
            $"from {events} where type = 'step_succeeded'", connection);
        var samples = new List<double>();
        await using var rows = await gaps.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
        {
            if (!rows.IsDBNull(0)) samples.Add(Convert.ToDouble(rows.GetValue(0), CultureInfo.InvariantCulture));
        }
        return new StoreFigures(first, last, steps, [.. samples]);
    }
}
