using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Provisioning.Benchmarks.Stack;

/// <summary>
/// A control plane (API + engine, one process) and agents as real processes on a PostgreSQL schema and a RabbitMQ
/// virtual host of their own, all named after the run prefix. <see cref="DisposeAsync"/> stops the processes and
/// removes the schema, the vhost, and every bridge, domain, network and pool whose name carries the prefix.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    private readonly List<HostProcess> agents = [];
    private bool vhostCreated;

    private BenchStack(BenchEnvironment env, string name)
    {
        Env = env;
        Name = name;
    }

    public BenchEnvironment Env { get; }

    /// <summary>The schema, vhost and queue prefix, and the start of every host-side name.</summary>
    public string Name { get; }

    public HostProcess ControlPlane { get; private set; } = null!;

    public IReadOnlyList<HostProcess> Agents => agents;

    public HttpClient Api { get; private set; } = null!;

    public string PoolRoot => $"/var/lib/provisioning/bench-pools/{Name}";

    /// <summary>Starts the control plane, then the agents together; on failure removes what it made.</summary>
    public static async Task<BenchStack> StartAsync(BenchEnvironment env, string name, IReadOnlyList<AgentSpec> agentSpecs, IReadOnlyDictionary<string, string>? extra = null)
    {
        var stack = new BenchStack(env, name);
        try
        {
            await stack.StartProcessesAsync(agentSpecs, extra ?? new Dictionary<string, string>());
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessesAsync(IReadOnlyList<AgentSpec> specs, IReadOnlyDictionary<string, string> extra)
    {
        (await Cli.RabbitMq("add_vhost", Name)).EnsureSuccess("rabbitmqctl add_vhost");
        vhostCreated = true;
        (await Cli.RabbitMq("set_permissions", "-p", Name, Env.RabbitUser, ".*", ".*", ".*")).EnsureSuccess("rabbitmqctl set_permissions");

        var common = Common(extra);
        ControlPlane = new HostProcess(Env, HostProcess.ControlPlane, $"{Name}-control", new(common)
        {
            ["Auth__BootstrapToken"] = Env.AdminToken,
            // The engine's own timing of every step (see OrchestrationLog).
            ["Logging__LogLevel__Provisioning.Engine.Results"] = "Debug",
        });
        for (var i = 0; i < specs.Count; i++)
        {
            var s = specs[i];
            agents.Add(new HostProcess(Env, HostProcess.Agent, $"{Name}-agent{i + 1}", new(common)
            {
                ["Agent__HostName"] = s.HostName,
                ["Agent__LibvirtUri"] = s.LibvirtUri,
                ["Agent__BridgeNamePrefix"] = s.BridgeNamePrefix,
                ["Agent__StoragePool"] = $"{Name}p{i + 1}",
                ["Agent__StoragePoolPath"] = $"{PoolRoot}/{i + 1}",
                ["Agent__SerialLogDirectory"] = $"{PoolRoot}/serial{i + 1}",
                ["Agent__CpuMode"] = "custom:qemu64",
            }));
        }
        var ready = TimeSpan.FromSeconds(180);
        await ControlPlane.StartAsync(ready);
        Api = new HttpClient { BaseAddress = ControlPlane.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Env.AdminToken);
        await Task.WhenAll(agents.Select(a => a.StartAsync(ready)));
    }

    private Dictionary<string, string> Common(IReadOnlyDictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = Env.Postgres,
            ["Engine__Schema"] = Name,
            ["RabbitMq__Host"] = Env.RabbitHost,
            ["RabbitMq__Username"] = Env.RabbitUser,
            ["RabbitMq__Password"] = Env.RabbitPassword,
            ["RabbitMq__VirtualHost"] = Name,
            ["RabbitMq__QueuePrefix"] = Name,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (k, v) in extra) settings[k] = v;
        return settings;
    }

    /// <summary>Submits one provision-vm request; returns its id.</summary>
    public async Task<Guid> SubmitVmAsync(string name, string host, string bridge, int vlan, int memoryMiB, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new
        {
            workflow = "provision-vm",
            ticket = $"{Name}-BENCH",
            parameters = new { name, host, memoryMiB, vcpus = 1, diskGiB = 1, bridge, vlan },
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Api.PostAsync("/api/requests", content, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted) throw new InvalidOperationException($"submitting {name} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>How many requests have each status, read from the request summaries in PostgreSQL.</summary>
    public async Task<IReadOnlyDictionary<string, long>> StatusCountsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var query = new NpgsqlCommand($"select data->>'Status', count(*) from \"{Name}\".mt_doc_requestsummary group by 1", connection);
        await using var reader = await query.ExecuteReaderAsync(ct);
        var counts = new Dictionary<string, long>();
        while (await reader.ReadAsync(ct)) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(Env.Postgres);
        await connection.OpenAsync(ct);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(agents.Select(a => a.DisposeAsync().AsTask()));
        if (ControlPlane is not null) await ControlPlane.DisposeAsync();
        Api?.Dispose();
        await HostCleanup.SweepAsync(Name, PoolRoot);
        try
        {
            await using var connection = new NpgsqlConnection(Env.Postgres);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop schema if exists \"{Name}\" cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"could not drop schema {Name}: {e.Message}");
        }
        if (vhostCreated) await Cli.RabbitMq("delete_vhost", Name);
    }
}
