using System.Globalization;
using Npgsql;

namespace Provisioning.Benchmarks.Throughput;

/// <summary>
/// What a run left in the event store, read with SQL: when the first request was submitted and the last one ended,
/// how many steps succeeded, and the orchestration latency of every step after a request's first.
/// </summary>
public sealed record StoreFigures(DateTimeOffset FirstSubmitted, DateTimeOffset LastEnded, long Steps, double[] RoundTripMs)
{
    /// <summary>
    /// The latency of a step is taken from the agent's own clock in the stored results: from the moment the agent finished
    /// step n (and sent its result) to the moment it began step n+1 (it received the command). In between: the result's way
    /// through RabbitMQ, the engine's consume, decide and append, the outbox subscription and the command's way back.
    /// </summary>
    /// <remarks>Only requests submitted at or after <paramref name="since"/> count (a warm-up request before it does not).</remarks>
    public static async Task<StoreFigures> ReadAsync(NpgsqlConnection connection, string schema, DateTimeOffset since, CancellationToken ct)
    {
        // The requests that count, by the timestamp of their first event.
        var events = $"(select e.* from \"{schema}\".mt_events e join \"{schema}\".mt_streams s on s.id = e.stream_id where s.created >= @since)";
        await using var bounds = new NpgsqlCommand(
            $"select (select min(timestamp) from {events} as e where type = 'request_submitted'), " +
            $"(select max(timestamp) from {events} as e where type in ('request_succeeded', 'request_failed', 'request_rolled_back', 'rollback_failed', 'request_cancelled')), " +
            $"(select count(*) from {events} as e where type = 'step_succeeded')", connection);
        bounds.Parameters.AddWithValue("since", since.UtcDateTime);
        await using var reader = await bounds.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var first = reader.IsDBNull(0) ? DateTimeOffset.MinValue : reader.GetFieldValue<DateTimeOffset>(0);
        var last = reader.IsDBNull(1) ? DateTimeOffset.MinValue : reader.GetFieldValue<DateTimeOffset>(1);
        var steps = reader.GetInt64(2);
        await reader.CloseAsync();

        await using var gaps = new NpgsqlCommand(
            "select extract(epoch from ((data->>'StartedAt')::timestamptz - lag((data->>'FinishedAt')::timestamptz) over (partition by stream_id order by version))) * 1000 " +
            $"from {events} as e where type = 'step_succeeded'", connection);
        gaps.Parameters.AddWithValue("since", since.UtcDateTime);
        var samples = new List<double>();
        await using var rows = await gaps.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
        {
            if (!rows.IsDBNull(0)) samples.Add(Convert.ToDouble(rows.GetValue(0), CultureInfo.InvariantCulture));
        }
        return new StoreFigures(first, last, steps, [.. samples]);
    }
}
