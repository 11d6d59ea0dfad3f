using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// A fleet for placement scenarios: <c>n</c> control planes (API + engine) and one agent process per host, each
/// host its own libvirt test driver on a node file of its own (CPUs and memory as given, no domains) with the
/// agent's caps on what it offers guests. Everything is named <c>{run prefix}{tag}</c> (schema, vhost, queue
/// prefix, host names <c>{sub}-kvmN</c>, bridges) and removed by <see cref="DisposeAsync"/>. The hosts' Open vSwitch
/// is this machine's, shared by all of them; their libvirt (domains, networks, pools) is each agent's own.
/// </summary>
public sealed class PlacementStack : IAsyncDisposable
{
    public static readonly string[] Terminal = ["Succeeded", "RolledBack", "RollbackFailed", "Failed", "Cancelled"];

    private readonly List<StackProcess> controlPlanes = [];
    private readonly List<HttpClient> apis = [];
    private readonly List<StackProcess> agents = [];
    private readonly string temp;
    private bool vhostCreated;

    private PlacementStack(string tag)
    {
        Sub = TestSettings.Prefix + tag;
        temp = Directory.CreateTempSubdirectory($"{Sub}-placement-").FullName;
    }

    /// <summary>The sub-prefix (at most 9 characters, so bridge names built on it fit in 15).</summary>
    public string Sub { get; }

    /// <summary>Host names, in order: <c>{sub}-kvm1</c> ...</summary>
    public List<string> Hosts { get; } = [];

    /// <summary>A bridge of this stack (real Open vSwitch: swept at the end).</summary>
    public string Bridge(int n) => $"{Sub}b{n}";

    /// <summary>The API of control plane <paramref name="index"/>, as this run's admin.</summary>
    public HttpClient Api(int index = 0) => apis[index];

    public IReadOnlyList<StackProcess> Agents => agents;

    /// <summary>
    /// Starts <paramref name="controlPlaneCount"/> control planes (placement: no overcommit, nothing kept back, so a
    /// host's room is exactly its agent's caps) and one agent per entry of <paramref name="hosts"/>, each heartbeating
    /// every second. The first control plane creates the schema alone; the rest start together.
    /// </summary>
    public static async Task<PlacementStack> StartAsync(string tag, int controlPlaneCount, params HostSize[] hosts)
    {
        var stack = new PlacementStack(tag);
        try
        {
            await stack.StartProcessesAsync(controlPlaneCount, hosts);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessesAsync(int controlPlaneCount, HostSize[] hosts)
    {
        (await Cli.RabbitMq("add_vhost", Sub)).EnsureSuccess("rabbitmqctl add_vhost");
        vhostCreated = true;
        (await Cli.RabbitMq("set_permissions", "-p", Sub, "guest", ".*", ".*", ".*")).EnsureSuccess("rabbitmqctl set_permissions");

        for (var i = 0; i < controlPlaneCount; i++)
        {
            var environment = Common();
            environment["Engine__Placement__CpuOvercommit"] = "1";
            environment["Engine__Placement__MemoryOvercommit"] = "1";
            environment["Engine__Placement__ReservedMemoryMiB"] = "0";
            controlPlanes.Add(new StackProcess(environment, $"{Sub}-control{i + 1}", StackProcess.ControlPlane));
            apis.Add(Tokens.Client(controlPlanes[i].BaseAddress, TestSettings.AdminToken));
        }
        for (var i = 0; i < hosts.Length; i++)
        {
            var host = $"{Sub}-kvm{i + 1}";
            Hosts.Add(host);
            agents.Add(new StackProcess(AgentEnvironment(host, i + 1, hosts[i]), $"{Sub}-agent{i + 1}", StackProcess.Agent));
        }

        var ready = TimeSpan.FromSeconds(120);
        await controlPlanes[0].StartAsync(ready);
        await Task.WhenAll(controlPlanes.Skip(1).Concat(agents).Select(p => p.StartAsync(ready)));
    }

    private Dictionary<string, string> Common() => new()
    {
        ["ConnectionStrings__Postgres"] = TestSettings.Postgres,
        ["Engine__Schema"] = Sub,
        ["Engine__DeadlinePollInterval"] = "00:00:00.200",
        ["RabbitMq__Host"] = TestSettings.RabbitHost,
        ["RabbitMq__VirtualHost"] = Sub,
        ["RabbitMq__QueuePrefix"] = Sub,
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
    };

    private Dictionary<string, string> AgentEnvironment(string host, int n, HostSize size)
    {
        // The test driver's own node definition: this host's CPUs and memory, and nothing defined on it yet.
        var node = Path.Combine(temp, $"{host}.xml");
        File.WriteAllText(node, $"""
            <node>
              <cpu><mhz>2000</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets><cores>{size.Cpus}</cores><threads>1</threads></cpu>
              <memory>{size.MemoryMiB * 1024}</memory>
            </node>
            """);
        var environment = Common();
        environment["Agent__HostName"] = host;
        environment["Agent__LibvirtUri"] = "test://" + node;
        environment["Agent__StoragePool"] = $"{Sub}p{n}";
        environment["Agent__StoragePoolPath"] = Path.Combine(temp, $"pool{n}");
        environment["Agent__SerialLogDirectory"] = Path.Combine(temp, $"serial{n}");
        environment["Agent__CpuMode"] = "custom:qemu64";
        environment["Agent__DatapathType"] = "auto";
        environment["Agent__HeartbeatSeconds"] = "1";
        if (size.MaxGuestMemoryMiB is { } memory) environment["Agent__MaxGuestMemoryMiB"] = memory.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (size.MaxGuestVcpus is { } vcpus) environment["Agent__MaxGuestVcpus"] = vcpus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return environment;
    }

    /// <summary>POSTs a request body through control plane <paramref name="api"/>; returns the status and the parsed answer.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body, string? Location)> PostAsync(object body, int api = 0, string? idempotencyKey = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/requests")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null) message.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await apis[api].SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response.Headers.Location?.ToString());
    }

    /// <summary>A provision-vm body without a host: placement chooses.</summary>
    public static object Unplaced(string name, string bridge, int memoryMiB, int vcpus) => new
    {
        workflow = "provision-vm",
        ticket = "PLC-1",
        parameters = new { name, memoryMiB, vcpus, diskGiB = 1, bridge, vlan = 100 },
    };

    /// <summary>Submits onboard-host for <paramref name="host"/> and waits until it succeeded.</summary>
    public async Task<Guid> OnboardAsync(string host)
    {
        var (status, body, _) = await PostAsync(new { workflow = "onboard-host", ticket = "PLC-ONB", parameters = new { host } });
        if (status != HttpStatusCode.Accepted) throw new InvalidOperationException($"onboarding {host} answered {(int)status}: {body}");
        var id = body.GetProperty("id").GetGuid();
        var done = await WaitForAsync(id, TimeSpan.FromSeconds(90), Terminal);
        if (done.GetProperty("status").GetString() != "Succeeded") throw new InvalidOperationException($"onboarding {host} ended {done}");
        return id;
    }

    /// <summary>Waits until every host's agent is listed online.</summary>
    public Task WaitUntilOnlineAsync() =>
        Deadline.Until(HostsAsync, hosts => Hosts.All(h => hosts.TryGetValue(h, out var v) && v.GetProperty("status").GetString() == "Online"),
            TimeSpan.FromSeconds(60), $"{string.Join(", ", Hosts)} online");

    /// <summary>This stack's hosts as GET /api/hosts lists them, by name.</summary>
    public async Task<Dictionary<string, JsonElement>> HostsAsync() =>
        (await apis[0].GetFromJsonAsync<JsonElement>("/api/hosts", StackFixture.Json)).EnumerateArray()
            .ToDictionary(h => h.GetProperty("name").GetString()!, h => h);

    public async Task<JsonElement> GetRequestAsync(Guid id) =>
        await apis[0].GetFromJsonAsync<JsonElement>($"/api/requests/{id}", StackFixture.Json);

    /// <summary>The request's events, as GET /api/requests/{id}/events shows them.</summary>
    public async Task<List<JsonElement>> EventsAsync(Guid id) =>
        (await apis[0].GetFromJsonAsync<JsonElement>($"/api/requests/{id}/events", StackFixture.Json)).EnumerateArray().ToList();

    public Task<JsonElement> WaitForAsync(Guid id, TimeSpan timeout, params string[] statuses) =>
        Deadline.Until(() => GetRequestAsync(id), r => statuses.Contains(r.GetProperty("status").GetString()), timeout,
            $"request {id} to reach {string.Join("/", statuses)}");

    /// <summary>The reservations the engine holds now, straight from PostgreSQL: request id -> host.</summary>
    public async Task<Dictionary<Guid, string>> ReservationsAsync()
    {
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand($"select id, data->>'Host' from \"{Sub}\".mt_doc_hostreservation", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new Dictionary<Guid, string>();
        while (await reader.ReadAsync()) rows[reader.GetGuid(0)] = reader.GetString(1);
        return rows;
    }

    /// <summary>The last lines each process printed, for failure messages.</summary>
    public string Tails()
    {
        static string Tail(string text) => text[^Math.Min(3000, text.Length)..];
        return string.Join("\n", controlPlanes.Select((p, i) => $"--- control plane {i + 1} ---\n{Tail(p.Output)}")
            .Concat(agents.Select((p, i) => $"--- agent {i + 1} ---\n{Tail(p.Output)}")));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var api in apis) api.Dispose();
        await Task.WhenAll(controlPlanes.Concat(agents).Select(p => p.DisposeAsync().AsTask()));
        // The test driver's domains, networks and pools die with the agents; the bridges are this machine's.
        await HostSweeper.SweepAsync(Sub, $"{Sub}-nopool", Path.Combine(temp, "nopool"));
        if (vhostCreated) await Cli.RabbitMq("delete_vhost", Sub);
        await using (var connection = new NpgsqlConnection(TestSettings.Postgres))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop schema if exists \"{Sub}\" cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
    }
}

/// <summary>A test host's size (its node file) and what its agent offers guests (null: no cap).</summary>
public sealed record HostSize(int Cpus, long MemoryMiB, long? MaxGuestMemoryMiB = null, int? MaxGuestVcpus = null);
