using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Store;

/// <summary>
/// Request streams exactly as the engine stored them before submissions recorded their parameter set, parents had a
/// state of their own and timeouts were named after Temporal's (<c>Fixtures/todays-streams.json</c>: the rows of
/// <c>mt_events</c> written by that code, JSON as stored), written into a world's event store row by row.
/// </summary>
public static class TodaysStreams
{
    /// <summary>onboard-host for legacy-kvm1, install-host dispatched.</summary>
    public static readonly Guid OnboardingInFlight = Guid.Parse("0199aaaa-0000-7000-8000-000000000001");

    /// <summary>onboard-host for legacy-kvm2, succeeded.</summary>
    public static readonly Guid Onboarded = Guid.Parse("0199aaaa-0000-7000-8000-000000000002");

    /// <summary>decommission-vm of legacy-vm on legacy-kvm1 (made by <see cref="DecommissionedVm"/>), its last step dispatched.</summary>
    public static readonly Guid DecommissionInFlight = Guid.Parse("0199aaaa-0000-7000-8000-000000000003");

    /// <summary>The request that made the VM the decommission removes (check-owner reported it).</summary>
    public static readonly Guid DecommissionedVm = Guid.Parse("0199aaaa-0000-7000-8000-0000000000ff");

    /// <summary>provision-switch over legacy-kvm1 and legacy-kvm2: a parent whose first child succeeded.</summary>
    public static readonly Guid Parent = Guid.Parse("0199aaaa-0000-7000-8000-000000000004");

    /// <summary>provision-vm whose install-host deadline found it not started on an answering host (<c>step_still_queued</c>, now <c>StepAwaitingStart</c>).</summary>
    public static readonly Guid StillQueued = Guid.Parse("0199aaaa-0000-7000-8000-000000000005");

    private static string FixturePath => Path.Combine(TestSettings.RepositoryRoot, "tests", "Provisioning.IntegrationTests", "Store", "Fixtures", "todays-streams.json");

    /// <summary>Writes every stream of the fixture into <paramref name="world"/>'s event store, as the old engine left them.</summary>
    public static async Task WriteAsync(StoreWorld world)
    {
        var schema = world.Schema;
        await world.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var rows = JsonNode.Parse(await File.ReadAllTextAsync(FixturePath))!.AsArray();
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        foreach (var stream in rows.GroupBy(r => r!["stream"]!.GetValue<string>()))
        {
            var id = Guid.Parse(stream.Key);
            await using (var insert = new NpgsqlCommand($"insert into \"{schema}\".mt_streams (id, version) values (@id, @version)", connection))
            {
                insert.Parameters.AddWithValue("id", id);
                insert.Parameters.AddWithValue("version", (long)stream.Count());
                await insert.ExecuteNonQueryAsync();
            }
            foreach (var row in stream)
            {
                var type = row!["type"]!.GetValue<string>();
                await using var insert = new NpgsqlCommand(
                    $"insert into \"{schema}\".mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers, user_name) " +
                    $"values (nextval('\"{schema}\".mt_events_sequence'), @id, @stream, @version, @data, @type, now(), '*DEFAULT*', @dotnet, @headers, @user)", connection);
                insert.Parameters.AddWithValue("id", Guid.NewGuid());
                insert.Parameters.AddWithValue("stream", id);
                insert.Parameters.AddWithValue("version", row["version"]!.GetValue<long>());
                insert.Parameters.AddWithValue("data", NpgsqlDbType.Jsonb, row["data"]!.ToJsonString());
                insert.Parameters.AddWithValue("type", type);
                // What the old engine stored: the CLR type the name was written from.
                insert.Parameters.AddWithValue("dotnet", $"Provisioning.Domain.Requests.{Pascal(type)}, Provisioning.Domain");
                insert.Parameters.AddWithValue("headers", NpgsqlDbType.Jsonb, row["headers"]?.ToJsonString() ?? "{}");
                insert.Parameters.AddWithValue("user", (object?)row["user"]?.GetValue<string>() ?? DBNull.Value);
                await insert.ExecuteNonQueryAsync();
            }
        }
    }

    private static string Pascal(string snake) => string.Concat(snake.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
