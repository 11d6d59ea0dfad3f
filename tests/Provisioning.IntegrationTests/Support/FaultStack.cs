using System.Collections.Concurrent;
using Npgsql;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// The split deployment under fault injection: one control plane (API + engine) and one agent on
/// <c>qemu:///system</c>, as real processes that scenarios kill and restart. Its own PostgreSQL schema,
/// RabbitMQ virtual host, agent host name, storage pool, serial-log folder and test workflows (short
/// timeouts and retry delays), all under the sub-prefix <c>&lt;run prefix&gt;f</c>. Fault files for the
/// agent and the engine live in a temp folder; each scenario adds its own rules (limited to its VM) and
/// removes them when it ends.
/// When the collection ends, everything on the host carrying the sub-prefix is listed BEFORE the sweep:
/// anything found fails the run and is named in the report.
/// </summary>
public sealed class FaultStack : IAsyncLifetime
{
    public static readonly TimeSpan SagaTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Commands the agent runs at once (set explicitly: a scenario fills every slot to make a backlog).</summary>
    public const int AgentSlots = 4;

    // Kills, restarts and timeouts are read from the processes' logs: time-stamp every line.
    private const string LogTimestamp = "HH:mm:ss.fff ";

    private readonly ConcurrentQueue<Guid> requests = new();
    private readonly ConcurrentQueue<string> scenarios = new();
    private string? temp;

    /// <summary>The sub-prefix on every name this collection creates (at most 8 characters, so bridge names fit in 15).</summary>
    public string Prefix { get; } = TestSettings.Prefix + "f";

    public string AgentHost => $"{Prefix}-kvm";

    public string Pool => $"{Prefix}pool";

    public string PoolPath => $"/var/lib/provisioning/test-pools/{Prefix}";

    public string SerialLogDirectory => $"/var/lib/provisioning/test-serial/{Prefix}";

    public StackProcess ControlPlane { get; private set; } = null!;

    public StackProcess Agent { get; private set; } = null!;

    public SagaClient Api { get; private set; } = null!;

    /// <summary>The agent's fault file.</summary>
    public FaultRuleFile AgentFaults { get; private set; } = null!;

    /// <summary>The engine's (control plane's) fault file.</summary>
    public FaultRuleFile EngineFaults { get; private set; } = null!;

    /// <summary>The scenarios run so far and how each ended.</summary>
    public IReadOnlyCollection<string> Scenarios => scenarios;

    /// <remarks>xunit disposes a collection fixture whose initialisation failed, so a half-started stack is cleaned up too.</remarks>
    public async Task InitializeAsync()
    {
        temp = Directory.CreateTempSubdirectory($"{Prefix}-faults-").FullName;
        AgentFaults = new FaultRuleFile(Path.Combine(temp, "agent-faults.json"));
        EngineFaults = new FaultRuleFile(Path.Combine(temp, "engine-faults.json"));
        var workflows = TestWorkflows.WriteTo(Path.Combine(temp, "workflows"));

        (await Cli.RabbitMq("add_vhost", Prefix)).EnsureSuccess("rabbitmqctl add_vhost");
        (await Cli.RabbitMq("set_permissions", "-p", Prefix, "guest", ".*", ".*", ".*")).EnsureSuccess("rabbitmqctl set_permissions");

        Agent = new StackProcess(AgentEnvironment(), $"{Prefix}-agent", StackProcess.Agent);
        ControlPlane = new StackProcess(ControlPlaneEnvironment(workflows), $"{Prefix}-control-plane", StackProcess.ControlPlane);
        await Agent.StartAsync(TimeSpan.FromSeconds(120));
        await ControlPlane.StartAsync(TimeSpan.FromSeconds(120));
        Api = new SagaClient(ControlPlane.BaseAddress, "alice");
    }

    /// <summary>A VM name of this collection.</summary>
    public string Vm(string tag) => $"{Prefix}-{tag}";

    /// <summary>A bridge (and network) name of this collection; Linux allows 15 characters.</summary>
    public string Bridge(string tag)
    {
        var name = Prefix + tag;
        return name.Length <= 15 ? name : throw new ArgumentException($"bridge name {name} is longer than 15 characters", nameof(tag));
    }

    /// <summary>Submits a request on this collection's agent host and remembers its id for the final inventory.</summary>
    public async Task<Guid> SubmitAsync(string vm, string bridge, int? vlan = 100, string ticket = "FAULT-1")
    {
        var id = await Api.SubmitAsync(vm, AgentHost, bridge, vlan, ticket);
        requests.Enqueue(id);
        return id;
    }

    /// <summary>Starts a scenario: its faults go into the files now and come out when it is disposed.</summary>
    public FaultScenario Begin(string title, string vm, string bridge) => new(this, title, vm, bridge);

    internal void Record(string line) => scenarios.Enqueue(line);

    /// <summary>
    /// After a fault killed <paramref name="process"/>: waits for it to be gone, starts it again and waits
    /// until it serves (the agent: a new "listening on queue" line; the control plane: /health/ready).
    /// </summary>
    public async Task RestartAfterCrashAsync(StackProcess process, TimeSpan crashTimeout)
    {
        await Deadline.Until(() => Task.FromResult(process.IsRunning), running => !running, crashTimeout, "the injected crash to end the process");
        var listening = Occurrences(process.Output, "listening on queue");
        await process.StartAsync(TimeSpan.FromSeconds(120));
        if (ReferenceEquals(process, Agent))
        {
            // The log file holds the previous run's lines too: wait for this run's own.
            await Deadline.Until(() => Task.FromResult(process.IsRunning ? Occurrences(process.Output, "listening on queue") : throw new InvalidOperationException($"the restarted agent exited:\n{Tail(process)}")),
                n => n > listening, TimeSpan.FromSeconds(120), "the restarted agent to listen");
        }
    }

    /// <summary>The last lines a process printed, for failure messages.</summary>
    public static string Tail(StackProcess process, int chars = 4000)
    {
        var output = process.Output;
        return output[^Math.Min(chars, output.Length)..];
    }

    public Dictionary<string, string> AgentEnvironment() => new()
    {
        ["RabbitMq__Host"] = TestSettings.RabbitHost,
        ["RabbitMq__VirtualHost"] = Prefix,
        ["RabbitMq__QueuePrefix"] = Prefix,
        ["Agent__HostName"] = AgentHost,
        ["Agent__LibvirtUri"] = "qemu:///system",
        ["Agent__StoragePool"] = Pool,
        ["Agent__StoragePoolPath"] = PoolPath,
        ["Agent__SerialLogDirectory"] = SerialLogDirectory,
        ["Agent__CpuMode"] = "custom:qemu64",
        ["Agent__DatapathType"] = "auto",
        ["Agent__MaxConcurrentCommands"] = AgentSlots.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Agent__Faults__Enabled"] = "true",
        ["Agent__Faults__File"] = AgentFaults.Path,
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["Logging__Console__TimestampFormat"] = LogTimestamp,
    };

    public Dictionary<string, string> ControlPlaneEnvironment(string workflows) => new()
    {
        ["ConnectionStrings__Postgres"] = TestSettings.Postgres,
        ["Engine__Schema"] = Prefix,
        ["Engine__DeadlinePollInterval"] = "00:00:00.200",
        ["Engine__WorkflowsDirectory"] = workflows,
        ["Engine__Faults__Enabled"] = "true",
        ["Engine__Faults__File"] = EngineFaults.Path,
        ["RabbitMq__Host"] = TestSettings.RabbitHost,
        ["RabbitMq__VirtualHost"] = Prefix,
        ["RabbitMq__QueuePrefix"] = Prefix,
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Logging__Console__TimestampFormat"] = LogTimestamp,
    };

    public async Task DisposeAsync()
    {
        var leftovers = await TearDownAsync();
        var report = Report(leftovers);
        File.WriteAllText(Path.Combine(TestSettings.RepositoryRoot, "artifacts", "test-logs", $"{Prefix}-faults-report.txt"), report);
        if (leftovers.Count > 0) throw new InvalidOperationException(report);
    }

    /// <summary>Stops the processes, lists what the run left on the host, then removes everything of the run.</summary>
    private async Task<IReadOnlyList<string>> TearDownAsync()
    {
        Api?.Dispose();
        if (ControlPlane is not null) await ControlPlane.DisposeAsync();
        if (Agent is not null) await Agent.DisposeAsync();

        // Before any sweep: this is the evidence that the scenarios themselves cleaned up.
        var leftovers = await HostInventory.ListAsync(Prefix, Pool, requests);

        await HostSweeper.SweepAsync(Prefix, Pool, PoolPath);
        await Cli.RabbitMq("delete_vhost", Prefix);
        await using (var connection = new NpgsqlConnection(TestSettings.Postgres))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop schema if exists \"{Prefix}\" cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
        if (Directory.Exists(SerialLogDirectory)) Directory.Delete(SerialLogDirectory, recursive: true);
        if (temp is not null && Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        return leftovers;
    }

    private string Report(IReadOnlyList<string> leftovers)
    {
        var lines = new List<string>
        {
            $"fault scenarios run: {scenarios.Count} (prefix {Prefix}, {requests.Count} requests)",
        };
        lines.AddRange(scenarios.Select(s => "  " + s));
        lines.Add(leftovers.Count == 0
            ? $"left on the host (before the sweep): nothing"
            : $"left on the host (before the sweep): {leftovers.Count} item(s)");
        lines.AddRange(leftovers.Select(l => "  " + l));
        return string.Join('\n', lines) + '\n';
    }

    private static int Occurrences(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultStack>
{
    public const string Name = "faults";
}
