using System.Collections.Concurrent;
using System.Globalization;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// The split deployment under fault injection (a <see cref="StackBuilder"/> configuration): one agent on
/// <c>qemu:///system</c> and one control plane (API + engine), started in that order, as real processes that scenarios
/// kill and restart; the test workflows (short timeouts and retry delays); fault files for the agent and the engine in a
/// temp folder, to which each scenario adds its own rules (limited to its VM) and from which it removes them when it ends.
/// Everything is named under the sub-prefix <c>&lt;run prefix&gt;f</c>. When the collection ends, everything on the host
/// carrying the sub-prefix is listed BEFORE the sweep: anything found fails the run and is named in the report.
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
    private Stack? stack;

    /// <summary>The sub-prefix on every name this collection creates (at most 8 characters, so bridge names fit in 15).</summary>
    public string Prefix { get; } = TestSettings.Prefix + "f";

    public string AgentHost => $"{Prefix}-kvm";

    public string Pool => $"{Prefix}pool";

    public HostProcess ControlPlane => Running.ControlPlanes[0];

    public HostProcess Agent => Running.Agents[0];

    /// <summary>The API as operator <c>alice</c>.</summary>
    public StackApi Api => Running.ApiAs("alice");

    /// <summary>The agent's fault file.</summary>
    public FaultRuleFile AgentFaults { get; private set; } = null!;

    /// <summary>The engine's (control plane's) fault file.</summary>
    public FaultRuleFile EngineFaults { get; private set; } = null!;

    /// <summary>The scenarios run so far and how each ended.</summary>
    public IReadOnlyCollection<string> Scenarios => scenarios;

    private Stack Running => stack ?? throw new InvalidOperationException("the fault stack has not started");

    public async Task InitializeAsync()
    {
        var temp = Directory.CreateTempSubdirectory($"{Prefix}-faults-").FullName;
        AgentFaults = new FaultRuleFile(Path.Combine(temp, "agent-faults.json"));
        EngineFaults = new FaultRuleFile(Path.Combine(temp, "engine-faults.json"));
        var workflows = TestWorkflows.WriteTo(Path.Combine(temp, "workflows"));
        var agent = new AgentSettings(AgentHost, "qemu:///system", Pool, $"/var/lib/provisioning/test-pools/{Prefix}", $"/var/lib/provisioning/test-serial/{Prefix}");

        stack = await StackBuilder.Named(Prefix)
            .RemoveAfterwards(temp)
            .StartAgentsFirst()
            .WithSetting("Logging__Console__TimestampFormat", LogTimestamp)
            .WithAgent($"{Prefix}-agent", agent, new Dictionary<string, string>
            {
                ["Agent__MaxConcurrentCommands"] = AgentSlots.ToString(CultureInfo.InvariantCulture),
                ["Agent__Faults__Enabled"] = "true",
                ["Agent__Faults__File"] = AgentFaults.Path,
                ["DOTNET_ENVIRONMENT"] = "Development",
            })
            .WithControlPlane($"{Prefix}-control-plane", new Dictionary<string, string>
            {
                ["Engine__DeadlinePollInterval"] = "00:00:00.200",
                ["Engine__WorkflowsDirectory"] = workflows,
                ["Engine__Faults__Enabled"] = "true",
                ["Engine__Faults__File"] = EngineFaults.Path,
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
            })
            .StartAsync();
    }

    /// <summary>A VM name of this collection.</summary>
    public string Vm(string tag) => $"{Prefix}-{tag}";

    /// <summary>A bridge (and network) name of this collection; Linux allows 15 characters.</summary>
    public string Bridge(string tag)
    {
        var name = Prefix + tag;
        return name.Length <= 15 ? name : throw new ArgumentException($"bridge name {name} is longer than 15 characters", nameof(tag));
    }

    /// <summary>Submits a small guest on this collection's agent host and remembers its id for the final inventory.</summary>
    public async Task<Guid> SubmitAsync(string vm, string bridge, int? vlan = 100, string ticket = "FAULT-1")
    {
        var id = await Api.SubmitVmAsync(vm, AgentHost, bridge, vlan, ticket);
        requests.Enqueue(id);
        return id;
    }

    /// <summary>Starts a scenario: its faults go into the files now and come out when it is disposed.</summary>
    public FaultScenario Begin(string title, string vm, string bridge) => new(this, title, vm, bridge);

    internal void Record(string line) => scenarios.Enqueue(line);

    /// <summary>After a fault killed <paramref name="process"/>: waits for it to be gone, then starts it again and waits until it serves.</summary>
    public async Task RestartAfterCrashAsync(HostProcess process, TimeSpan crashTimeout)
    {
        await process.WaitForExitAsync(crashTimeout);
        await process.StartAsync(TimeSpan.FromSeconds(120));
    }

    public async Task DisposeAsync()
    {
        if (stack is null) return;
        // Before any sweep: this is the evidence that the scenarios themselves cleaned up.
        await stack.StopAsync();
        var leftovers = await HostProbe.Leftovers(Prefix, requests);
        await stack.DisposeAsync();

        var report = Report(leftovers);
        File.WriteAllText(Path.Combine(TestSettings.RepositoryRoot, "artifacts", "test-logs", $"{Prefix}-faults-report.txt"), report);
        if (leftovers.Count > 0) throw new InvalidOperationException(report);
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
}

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultStack>
{
    public const string Name = "faults";
}
