using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// One real all-in-one host for the test collection: its own PostgreSQL schema, its own RabbitMQ virtual
/// host, its own agent host name, storage pool and serial-log folder, all carrying the run prefix and all
/// removed afterwards (with a sweep of anything else carrying the prefix, in case a test failed halfway).
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Prefix { get; } = TestSettings.Prefix;

    public string AgentHost => $"{Prefix}-kvm";

    public string Schema => Prefix;

    public string PoolPath => $"/var/lib/provisioning/test-pools/{Prefix}";

    public StackProcess Process { get; private set; } = null!;

    /// <summary>The stack's API as this run's admin (<see cref="TestSettings.AdminToken"/>, subject <c>admin</c>): allowed everything.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (await Cli.RabbitMq("add_vhost", Prefix)).EnsureSuccess("rabbitmqctl add_vhost");
        (await Cli.RabbitMq("set_permissions", "-p", Prefix, "guest", ".*", ".*", ".*")).EnsureSuccess("rabbitmqctl set_permissions");
        Process = new StackProcess(Environment(), $"{Prefix}-allinone");
        await Process.StartAsync(TimeSpan.FromSeconds(120));
        Http = Tokens.Client(Process.BaseAddress, TestSettings.AdminToken);
    }

    public Dictionary<string, string> Environment() => new(WebhookSettings.Environment())
    {
        ["ConnectionStrings__Postgres"] = TestSettings.Postgres,
        ["Engine__Schema"] = Schema,
        ["Engine__DeadlinePollInterval"] = "00:00:00.200",
        ["RabbitMq__Host"] = TestSettings.RabbitHost,
        ["RabbitMq__VirtualHost"] = Prefix,
        ["RabbitMq__QueuePrefix"] = Prefix,
        ["Agent__HostName"] = AgentHost,
        ["Agent__LibvirtUri"] = "qemu:///system",
        ["Agent__StoragePool"] = $"{Prefix}pool",
        ["Agent__StoragePoolPath"] = PoolPath,
        ["Agent__SerialLogDirectory"] = $"/var/lib/provisioning/test-serial/{Prefix}",
        ["Agent__CpuMode"] = "custom:qemu64",
        ["Agent__DatapathType"] = "auto",
        // Short, so a silent host turns Offline within seconds instead of 45.
        ["Agent__HeartbeatSeconds"] = "1",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
    };

    /// <summary>
    /// The store's position now. Tests in this collection share one store, and the sagas earlier tests
    /// started keep appending, so "a refused input appended nothing" is measured from a mark, not as a total.
    /// </summary>
    public async Task<long> StoreMarkAsync()
    {
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from \"{Schema}\".mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Events appended since <paramref name="mark"/> to streams that had none before it: what a refused
    /// input would have started. Streams that already existed (earlier tests' sagas) go on and are not counted, and
    /// neither are Marten's tombstones: placeholders it appends for the sequence numbers of a failed append (the
    /// losers of a race, e.g. an earlier test's burst of webhook redeliveries), some time after the failure.
    /// </summary>
    public async Task<long> EventsInNewStreamsSinceAsync(long mark)
    {
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
             select count(*) from "{Schema}".mt_events e
             where e.seq_id > @mark and e.type <> 'tombstone'
               and not exists (select 1 from "{Schema}".mt_events b where b.stream_id = e.stream_id and b.seq_id <= @mark)
             """, connection);
        command.Parameters.AddWithValue("mark", mark);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>POSTs a JSON body (raw text, so tests can send malformed bodies).</summary>
    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null) message.Headers.Add("Idempotency-Key", idempotencyKey);
        return Http.SendAsync(message);
    }

    /// <summary>The request as the API shows it.</summary>
    public async Task<JsonElement> GetRequestAsync(Guid id) =>
        await Http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}", Json);

    /// <summary>Waits until the request reaches one of <paramref name="statuses"/>.</summary>
    public Task<JsonElement> WaitForStatusAsync(Guid id, TimeSpan timeout, params string[] statuses) =>
        Deadline.Until(() => GetRequestAsync(id), r => statuses.Contains(r.GetProperty("status").GetString()), timeout,
            $"request {id} to reach {string.Join("/", statuses)}");

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Process is not null) await Process.DisposeAsync();
        await HostSweeper.SweepAsync(Prefix, $"{Prefix}pool", PoolPath);
        await Cli.RabbitMq("delete_vhost", Prefix);
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists \"{Schema}\" cascade", connection);
        await drop.ExecuteNonQueryAsync();
        if (Directory.Exists($"/var/lib/provisioning/test-serial/{Prefix}")) Directory.Delete($"/var/lib/provisioning/test-serial/{Prefix}", true);
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
