using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// A control plane and TWO agent processes on this one machine, each with its own host name, as two hypervisors
/// would be. Both agents share this machine's OVS and libvirt, so each has a bridge name prefix of its own
/// (<c>Agent__BridgeNamePrefix</c>): a request's bridge <c>sw1</c> is <see cref="BridgeOn"/>(host, "sw1") there,
/// i.e. <c>&lt;prefix&gt;a-sw1</c> on one and <c>&lt;prefix&gt;b-sw1</c> on the other. Each agent has its own fault file.
/// Own PostgreSQL schema, RabbitMQ virtual host and test workflows (short timeouts), all under the sub-prefix
/// <c>&lt;run prefix&gt;s</c>. When the collection ends, anything of the run left on the host fails it (listed before the sweep).
/// </summary>
public sealed class SwitchStack : IAsyncLifetime
{
    public static readonly TimeSpan SagaTimeout = TimeSpan.FromMinutes(3);

    private readonly List<Guid> requests = [];
    private string? temp;

    /// <summary>The sub-prefix on every name this collection creates (8 characters; bridge names stay within 15).</summary>
    public string Prefix { get; } = TestSettings.Prefix + "s";

    public string HostA => $"{Prefix}-kvma";

    public string HostB => $"{Prefix}-kvmb";

    public StackProcess ControlPlane { get; private set; } = null!;

    public StackProcess AgentA { get; private set; } = null!;

    public StackProcess AgentB { get; private set; } = null!;

    /// <summary>The API as operator <c>netops</c>.</summary>
    public SagaClient Api { get; private set; } = null!;

    private string FaultFile(string host) => Path.Combine(temp!, $"{host}-faults.json");

    public async Task InitializeAsync()
    {
        temp = Directory.CreateTempSubdirectory($"{Prefix}-switch-").FullName;
        var workflows = TestWorkflows.WriteTo(Path.Combine(temp, "workflows"));
        (await Cli.RabbitMq("add_vhost", Prefix)).EnsureSuccess("rabbitmqctl add_vhost");
        (await Cli.RabbitMq("set_permissions", "-p", Prefix, "guest", ".*", ".*", ".*")).EnsureSuccess("rabbitmqctl set_permissions");

        AgentA = new StackProcess(AgentEnvironment(HostA, "a"), $"{Prefix}-agent-a", StackProcess.Agent);
        AgentB = new StackProcess(AgentEnvironment(HostB, "b"), $"{Prefix}-agent-b", StackProcess.Agent);
        ControlPlane = new StackProcess(ControlPlaneEnvironment(workflows), $"{Prefix}-control-plane", StackProcess.ControlPlane);
        await Task.WhenAll(AgentA.StartAsync(TimeSpan.FromSeconds(120)), AgentB.StartAsync(TimeSpan.FromSeconds(120)));
        await ControlPlane.StartAsync(TimeSpan.FromSeconds(120));
        Api = new SagaClient(ControlPlane.BaseAddress, "netops");
    }

    /// <summary>The real name, on <paramref name="host"/>'s agent, of the bridge (and network) a request names <paramref name="bridge"/>.</summary>
    public string BridgeOn(string host, string bridge) => BridgePrefix(host) + bridge;

    private string BridgePrefix(string host) => host == HostA ? Prefix + "a-" : host == HostB ? Prefix + "b-" : throw new ArgumentException(host);

    /// <summary>POSTs a request; returns the answer's status and body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string workflow, object parameters, string ticket = "NET-1")
    {
        using var http = Tokens.Client(ControlPlane.BaseAddress, TestSettings.AdminToken);
        var body = JsonSerializer.Serialize(new { workflow, ticket, parameters });
        using var response = await http.PostAsync("/api/requests", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Submits and remembers the request; returns its id.</summary>
    public async Task<Guid> SubmitAsync(string workflow, object parameters)
    {
        var (status, body) = await PostAsync(workflow, parameters);
        Assert.True(status == HttpStatusCode.Accepted, $"submit answered {(int)status}: {body}");
        var id = body.GetProperty("id").GetGuid();
        requests.Add(id);
        return id;
    }

    /// <summary>Waits for an end and returns the request as GET shows it, with the processes' last lines when it times out.</summary>
    public async Task<JsonElement> EndOfAsync(Guid id)
    {
        try
        {
            return await Api.WaitForStatusAsync(id, SagaTimeout, SagaClient.Terminal);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- control plane:\n{FaultStack.Tail(ControlPlane)}\n--- agent a:\n{FaultStack.Tail(AgentA)}\n--- agent b:\n{FaultStack.Tail(AgentB)}", e);
        }
    }

    /// <summary>
    /// Makes every <paramref name="step"/> command on <paramref name="host"/>'s agent fail: <paramref name="transientFirst"/>
    /// transient failures, then permanent ones. The agents have a fault file each, so the rules name no VM (a switch
    /// request has none) and hit only that agent.
    /// </summary>
    public void FailOn(string host, string step, int transientFirst = 0)
    {
        var rules = new JsonArray();
        if (transientFirst > 0) rules.Add(new JsonObject { ["step"] = step, ["mode"] = "Execute", ["kind"] = "FailTransient", ["times"] = transientFirst });
        rules.Add(new JsonObject { ["step"] = step, ["mode"] = "Execute", ["kind"] = "FailPermanent" });
        WriteFaults(host, rules);
    }

    /// <summary>No faults on <paramref name="host"/>'s agent any more.</summary>
    public void ClearFaults(string host) => WriteFaults(host, []);

    private void WriteFaults(string host, JsonArray rules)
    {
        // Atomic, like the injector's own writes: the agent never reads half a file.
        var path = FaultFile(host);
        var next = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(next, new JsonObject { ["rules"] = rules }.ToJsonString());
        File.Move(next, path, overwrite: true);
    }

    private Dictionary<string, string> AgentEnvironment(string host, string tag) => new()
    {
        ["RabbitMq__Host"] = TestSettings.RabbitHost,
        ["RabbitMq__VirtualHost"] = Prefix,
        ["RabbitMq__QueuePrefix"] = Prefix,
        ["Agent__HostName"] = host,
        ["Agent__BridgeNamePrefix"] = BridgePrefix(host),
        ["Agent__LibvirtUri"] = "qemu:///system",
        ["Agent__StoragePool"] = $"{Prefix}{tag}pool",
        ["Agent__StoragePoolPath"] = $"/var/lib/provisioning/test-pools/{Prefix}{tag}",
        ["Agent__SerialLogDirectory"] = $"/var/lib/provisioning/test-serial/{Prefix}{tag}",
        ["Agent__DatapathType"] = "auto",
        ["Agent__Faults__Enabled"] = "true",
        ["Agent__Faults__File"] = FaultFile(host),
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
    };

    private Dictionary<string, string> ControlPlaneEnvironment(string workflows) => new()
    {
        ["ConnectionStrings__Postgres"] = TestSettings.Postgres,
        ["Engine__Schema"] = Prefix,
        ["Engine__DeadlinePollInterval"] = "00:00:00.200",
        ["Engine__WorkflowsDirectory"] = workflows,
        ["RabbitMq__Host"] = TestSettings.RabbitHost,
        ["RabbitMq__VirtualHost"] = Prefix,
        ["RabbitMq__QueuePrefix"] = Prefix,
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
    };

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (ControlPlane is not null) await ControlPlane.DisposeAsync();
        if (AgentA is not null) await AgentA.DisposeAsync();
        if (AgentB is not null) await AgentB.DisposeAsync();

        // Before any sweep: the evidence that the scenarios cleaned up after themselves.
        var leftovers = await HostInventory.ListAsync(Prefix, $"{Prefix}apool", requests);

        await HostSweeper.SweepAsync(Prefix, $"{Prefix}apool", $"/var/lib/provisioning/test-pools/{Prefix}a");
        await HostSweeper.SweepAsync(Prefix, $"{Prefix}bpool", $"/var/lib/provisioning/test-pools/{Prefix}b");
        await Cli.RabbitMq("delete_vhost", Prefix);
        await using (var connection = new NpgsqlConnection(TestSettings.Postgres))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop schema if exists \"{Prefix}\" cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
        foreach (var dir in new[] { $"/var/lib/provisioning/test-serial/{Prefix}a", $"/var/lib/provisioning/test-serial/{Prefix}b", temp })
        {
            if (dir is not null && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        if (leftovers.Count > 0) throw new InvalidOperationException($"the switch scenarios left on the host: {string.Join("; ", leftovers)}");
    }
}

[CollectionDefinition(Name)]
public sealed class SwitchCollection : ICollectionFixture<SwitchStack>
{
    public const string Name = "switch";
}
