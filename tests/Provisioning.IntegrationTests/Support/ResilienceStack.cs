using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Provisioning.Contracts;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// One topology for a resilience scenario: <c>n</c> control planes (API + engine) and one agent, as real
/// processes, on a schema, virtual host, queue prefix, agent host name, bridge and pool of its own, all
/// named <c>{run prefix}{tag}</c> and all removed by <see cref="DisposeAsync"/> (processes stopped, host
/// swept, vhost deleted, schema dropped).
/// </summary>
public sealed class ResilienceStack : IAsyncDisposable
{
    public static readonly string[] TerminalStatuses = ["Succeeded", "RolledBack", "RollbackFailed", "Failed", "Cancelled"];

    private readonly string libvirtUri;
    private readonly List<StackProcess> controlPlanes = [];
    private readonly List<HttpClient> apis = [];
    private bool vhostCreated;

    private ResilienceStack(string tag, string libvirtUri)
    {
        Sub = TestSettings.Prefix + tag;
        this.libvirtUri = libvirtUri;
    }

    /// <summary>The sub-prefix of this topology: schema, vhost, queue prefix, and the start of every host name.</summary>
    public string Sub { get; }

    public string AgentHost => $"{Sub}-kvm";

    /// <summary>One bridge for the topology's requests (at most 15 characters).</summary>
    public string Bridge => $"{Sub}b";

    public string Pool => $"{Sub}pool";

    public string PoolPath => $"/var/lib/provisioning/test-pools/{Sub}";

    private string SerialDirectory => $"/var/lib/provisioning/test-serial/{Sub}";

    public string EngineQueue => Queues.Engine(Sub);

    public string AgentQueue => Queues.Agent(Sub, AgentHost);

    public StackProcess Agent { get; private set; } = null!;

    public IReadOnlyList<StackProcess> ControlPlanes => controlPlanes;

    /// <summary>The API of control plane <paramref name="index"/>.</summary>
    public HttpClient Api(int index) => apis[index];

    /// <summary>
    /// Starts <paramref name="controlPlaneCount"/> control planes and one agent on <paramref name="libvirtUri"/>.
    /// The first control plane creates the schema alone; the others and the agent start together.
    /// </summary>
    public static async Task<ResilienceStack> StartAsync(string tag, int controlPlaneCount, string libvirtUri)
    {
        var stack = new ResilienceStack(tag, libvirtUri);
        try
        {
            await stack.StartProcessesAsync(controlPlaneCount);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessesAsync(int controlPlaneCount)
    {
        (await Cli.RabbitMq("add_vhost", Sub)).EnsureSuccess("rabbitmqctl add_vhost");
        vhostCreated = true;
        (await Cli.RabbitMq("set_permissions", "-p", Sub, "guest", ".*", ".*", ".*")).EnsureSuccess("rabbitmqctl set_permissions");

        for (var i = 0; i < controlPlaneCount; i++)
        {
            controlPlanes.Add(new StackProcess(Environment(), $"{Sub}-control{i + 1}", StackProcess.ControlPlane));
            apis.Add(Tokens.Client(controlPlanes[i].BaseAddress, TestSettings.AdminToken));
        }
        Agent = new StackProcess(Environment(), $"{Sub}-agent", StackProcess.Agent);

        var ready = TimeSpan.FromSeconds(120);
        await controlPlanes[0].StartAsync(ready);
        await Task.WhenAll(controlPlanes.Skip(1).Select(p => p.StartAsync(ready)).Append(Agent.StartAsync(ready)));
    }

    /// <summary>The settings every process of the topology runs with (keys as in <see cref="StackFixture"/>).</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["ConnectionStrings__Postgres"] = TestSettings.Postgres,
        ["Engine__Schema"] = Sub,
        ["Engine__DeadlinePollInterval"] = "00:00:00.200",
        ["RabbitMq__Host"] = TestSettings.RabbitHost,
        ["RabbitMq__VirtualHost"] = Sub,
        ["RabbitMq__QueuePrefix"] = Sub,
        ["Agent__HostName"] = AgentHost,
        ["Agent__LibvirtUri"] = libvirtUri,
        ["Agent__StoragePool"] = Pool,
        ["Agent__StoragePoolPath"] = PoolPath,
        ["Agent__SerialLogDirectory"] = SerialDirectory,
        ["Agent__CpuMode"] = "custom:qemu64",
        // Every start reported at once, as before the agent learnt to skip reports of quick steps: these scenarios
        // race a command's start report against its result (see SequenceHoleTests).
        ["Agent__StartReportAfterMs"] = "0",
        ["Agent__DatapathType"] = "auto",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
    };

    /// <summary>Submits a provision-vm request for guest <paramref name="name"/> on the topology's bridge, through <paramref name="api"/>.</summary>
    public async Task<Guid> SubmitAsync(HttpClient api, string name)
    {
        var body = JsonSerializer.Serialize(new
        {
            workflow = "provision-vm",
            ticket = $"{Sub}-T",
            parameters = new { name, host = AgentHost, memoryMiB = 64, vcpus = 1, diskGiB = 1, bridge = Bridge, vlan = 100 },
        });
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await api.PostAsync("/api/requests", content);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted) throw new InvalidOperationException($"submitting {name} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Submits <paramref name="count"/> requests (guests <c>{sub}-vmNN</c> from <paramref name="first"/>), alternating between the control planes.</summary>
    public async Task<List<Guid>> SubmitManyAsync(int first, int count)
    {
        var ids = new List<Guid>();
        for (var i = first; i < first + count; i++) ids.Add(await SubmitAsync(apis[i % apis.Count], $"{Sub}-vm{i:00}"));
        return ids;
    }

    public async Task<JsonElement> GetRequestAsync(Guid id) =>
        await apis[0].GetFromJsonAsync<JsonElement>($"/api/requests/{id}", StackFixture.Json);

    /// <summary>The request's stream as the audit API shows it.</summary>
    public async Task<IReadOnlyList<StreamEvent>> EventsAsync(Guid id)
    {
        var events = await apis[0].GetFromJsonAsync<JsonElement>($"/api/requests/{id}/events", StackFixture.Json);
        return events.EnumerateArray().Select(StreamEvent.From).ToList();
    }

    /// <summary>
    /// Every request's status, read straight from the summaries in PostgreSQL (no API in between, so this
    /// keeps answering while a control plane is down); unreadable (PostgreSQL down) gives an empty board.
    /// </summary>
    public async Task<StatusBoard> StatusesAsync(IReadOnlyCollection<Guid> ids)
    {
        try
        {
            await using var connection = new NpgsqlConnection(TestSettings.Postgres);
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand($"select id, data->>'Status', data->>'CurrentStep' from \"{Sub}\".mt_doc_requestsummary", connection);
            await using var reader = await query.ExecuteReaderAsync();
            var rows = new Dictionary<Guid, (string Status, string? Step)>();
            while (await reader.ReadAsync()) rows[reader.GetGuid(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            return new StatusBoard(ids.ToDictionary(id => id, id => rows.TryGetValue(id, out var r) ? r : ("(missing)", null)), null);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return new StatusBoard(new Dictionary<Guid, (string, string?)>(), e.Message);
        }
    }

    /// <summary>Waits until every request has one of <paramref name="statuses"/>; a timeout tells the queues and the processes' last words.</summary>
    public async Task<StatusBoard> WaitForAllAsync(IReadOnlyCollection<Guid> ids, TimeSpan timeout, params string[] statuses)
    {
        try
        {
            return await Deadline.Until(() => StatusesAsync(ids), b => b.Error is null && b.Statuses.Count == ids.Count && b.Statuses.Values.All(s => statuses.Contains(s.Status)),
                timeout, $"{ids.Count} requests to reach {string.Join("/", statuses)}");
        }
        catch (TimeoutException e)
        {
            var queues = string.Join(", ", (await QueuesAsync()).Select(q => $"{q.Key}={q.Value}"));
            throw new TimeoutException($"{e.Message}\nqueues: {queues}\n{Tails()}", e);
        }
    }

    /// <summary>How many events of <paramref name="type"/> the topology's store holds (all streams).</summary>
    public async Task<long> CountEventsAsync(string type)
    {
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from \"{Sub}\".mt_events where type = @type", connection);
        command.Parameters.AddWithValue("type", type);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Sequence numbers the store handed out that no event holds: each one is an append that failed after
    /// taking its number (a rolled-back transaction), and each one makes the async daemon wait before passing it.
    /// </summary>
    public async Task<long> SequenceHolesAsync()
    {
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) - count(*) from \"{Sub}\".mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The topology's queues with their ready and unacknowledged messages and consumers, from the broker itself.</summary>
    public async Task<IReadOnlyDictionary<string, QueueDepth>> QueuesAsync()
    {
        var result = (await Cli.RabbitMq("list_queues", "-p", Sub, "name", "messages_ready", "messages_unacknowledged", "consumers", "--formatter", "json"))
            .EnsureSuccess("rabbitmqctl list_queues");
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.EnumerateArray().ToDictionary(
            q => q.GetProperty("name").GetString()!,
            q => new QueueDepth(q.GetProperty("messages_ready").GetInt64(), q.GetProperty("messages_unacknowledged").GetInt64(), q.GetProperty("consumers").GetInt64()));
    }

    /// <summary>Waits until <paramref name="queue"/> holds no message, ready or being consumed.</summary>
    public Task WaitUntilDrainedAsync(string queue, TimeSpan timeout) =>
        Deadline.Until(async () => (await QueuesAsync()).GetValueOrDefault(queue), q => q is { Ready: 0, Unacknowledged: 0 }, timeout, $"queue {queue} to be drained");

    /// <summary>The last lines each process printed, for failure messages.</summary>
    public string Tails()
    {
        static string Tail(string text) => text[^Math.Min(3000, text.Length)..];
        return string.Join("\n", controlPlanes.Select((p, i) => $"--- control plane {i + 1} ---\n{Tail(p.Output)}")
            .Append($"--- agent ---\n{Tail(Agent?.Output ?? "")}"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var api in apis) api.Dispose();
        await Task.WhenAll(controlPlanes.Select(p => p.DisposeAsync().AsTask()).Append(Agent?.DisposeAsync().AsTask() ?? Task.CompletedTask));
        await HostSweeper.SweepAsync(Sub, Pool, PoolPath);
        if (vhostCreated) await Cli.RabbitMq("delete_vhost", Sub);
        try
        {
            await using var connection = new NpgsqlConnection(TestSettings.Postgres);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop schema if exists \"{Sub}\" cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Only when PostgreSQL could not be brought back: the schema stays, named with the run prefix.
        }
        if (Directory.Exists(SerialDirectory)) Directory.Delete(SerialDirectory, recursive: true);
    }
}
