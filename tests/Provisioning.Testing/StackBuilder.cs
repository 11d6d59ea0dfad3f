namespace Provisioning.Testing;

/// <summary>
/// Describes a stack of Provisioning processes on this machine and starts it: control planes (or all-in-one hosts)
/// and agents, any number of each, on a PostgreSQL schema, a RabbitMQ virtual host and a queue prefix of their own,
/// all named <see cref="Name"/> (which also starts every host-side name: hosts, bridges, pools, domains). The
/// <see cref="Stack"/> it starts removes all of that again. Scenario fixtures are configurations of this.
/// </summary>
public sealed class StackBuilder
{
    private readonly List<Planned> controlPlanes = [];
    private readonly List<Planned> agents = [];
    private readonly Dictionary<string, string> everyProcess = [];
    private readonly List<string> folders = [];
    private TestEnvironment services = TestEnvironment.Current;
    private TimeSpan ready = TimeSpan.FromSeconds(120);
    private string? logDirectory;
    private bool agentsFirst;
    private bool removeDomainStorage;
    private TimeSpan apiTimeout = TimeSpan.FromSeconds(30);

    private StackBuilder(string name) => Name = name;

    /// <summary>The schema, vhost and queue prefix, and the start of every host-side name.</summary>
    public string Name { get; }

    /// <summary>A stack named <paramref name="name"/> (lower-case letters and digits: valid as schema, vhost, queue and bridge names).</summary>
    public static StackBuilder Named(string name) => new(name);

    /// <summary>Other services than this process's (the bench reads them as the services do).</summary>
    public StackBuilder Using(TestEnvironment environment)
    {
        services = environment;
        return this;
    }

    /// <summary>A setting every process of the stack gets (after the store and broker settings, before each process's own).</summary>
    public StackBuilder WithSetting(string key, string value)
    {
        everyProcess[key] = value;
        return this;
    }

    /// <summary>Several settings for every process.</summary>
    public StackBuilder WithSettings(IReadOnlyDictionary<string, string> settings)
    {
        foreach (var (key, value) in settings) everyProcess[key] = value;
        return this;
    }

    /// <summary>A control plane (API + engine) process named <paramref name="name"/> (its log's name).</summary>
    public StackBuilder WithControlPlane(string name, IReadOnlyDictionary<string, string>? settings = null) =>
        Add(controlPlanes, new Planned(HostProcess.ControlPlane, name, settings, null));

    /// <summary>An all-in-one process (API, engine and agent) serving <paramref name="agent"/>.</summary>
    public StackBuilder WithAllInOne(string name, AgentSettings agent, IReadOnlyDictionary<string, string>? settings = null) =>
        Add(controlPlanes, new Planned(HostProcess.AllInOne, name, settings, agent));

    /// <summary>An agent process serving <paramref name="agent"/>.</summary>
    public StackBuilder WithAgent(string name, AgentSettings agent, IReadOnlyDictionary<string, string>? settings = null) =>
        Add(agents, new Planned(HostProcess.Agent, name, settings, agent));

    /// <summary>
    /// Starts the agents (together) before the control planes; by default the first control plane starts alone (it
    /// creates the schema) and then the other control planes and the agents together.
    /// </summary>
    public StackBuilder StartAgentsFirst()
    {
        agentsFirst = true;
        return this;
    }

    /// <summary>How long each process may take to become ready (120 s unless set).</summary>
    public StackBuilder ReadyWithin(TimeSpan timeout)
    {
        ready = timeout;
        return this;
    }

    /// <summary>Where the processes' logs go (<c>artifacts/test-logs</c> unless set).</summary>
    public StackBuilder LogTo(string directory)
    {
        logDirectory = directory;
        return this;
    }

    /// <summary>A folder the stack's teardown deletes (temp folders with fault files, node files, workflows).</summary>
    public StackBuilder RemoveAfterwards(string folder)
    {
        folders.Add(folder);
        return this;
    }

    /// <summary>How long one API call of the stack's clients may take (30 s unless set).</summary>
    public StackBuilder WithApiTimeout(TimeSpan timeout)
    {
        apiTimeout = timeout;
        return this;
    }

    /// <summary>The sweep also deletes each domain's disks outside pools (<c>undefine --remove-all-storage</c>).</summary>
    public StackBuilder RemoveDomainStorage()
    {
        removeDomainStorage = true;
        return this;
    }

    /// <summary>What every process gets first: the store's schema, and the broker's vhost and queue prefix, all <see cref="Name"/>.</summary>
    public Dictionary<string, string> StoreAndBrokerSettings() => new()
    {
        ["ConnectionStrings__Postgres"] = services.Postgres,
        ["Engine__Schema"] = Name,
        ["RabbitMq__Host"] = services.RabbitHost,
        ["RabbitMq__Username"] = services.RabbitUser,
        ["RabbitMq__Password"] = services.RabbitPassword,
        ["RabbitMq__VirtualHost"] = Name,
        ["RabbitMq__QueuePrefix"] = Name,
    };

    /// <summary>Makes the vhost, starts the processes and waits until each serves; on failure removes what it made and throws.</summary>
    public async Task<Stack> StartAsync()
    {
        if (controlPlanes.Count + agents.Count == 0) throw new InvalidOperationException($"stack {Name} has no process");
        var stack = new Stack(Name, services, new StackStore(services.Postgres, Name),
            controlPlanes.Select(Create).ToList(), agents.Select(Create).ToList(),
            [.. folders, .. controlPlanes.Concat(agents).Where(p => p.Agent is not null).SelectMany(p => new[] { p.Agent!.PoolPath, p.Agent.SerialLogDirectory, p.Agent.ImagePoolPath, p.Agent.ImageMetadataDirectory, p.Agent.StateDirectory })],
            removeDomainStorage, apiTimeout);
        try
        {
            await stack.CreateVirtualHostAsync();
            var first = agentsFirst ? stack.Agents : stack.ControlPlanes.Take(1);
            var rest = agentsFirst ? stack.ControlPlanes.Take(1) : stack.ControlPlanes.Skip(1).Concat(stack.Agents);
            await Task.WhenAll(first.Select(p => p.StartAsync(ready)));
            await Task.WhenAll(rest.Select(p => p.StartAsync(ready)));
            if (agentsFirst) await Task.WhenAll(stack.ControlPlanes.Skip(1).Select(p => p.StartAsync(ready)));
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private HostProcess Create(Planned planned)
    {
        var environment = StoreAndBrokerSettings();
        foreach (var (key, value) in everyProcess) environment[key] = value;
        foreach (var (key, value) in planned.Agent?.ToEnvironment() ?? []) environment[key] = value;
        foreach (var (key, value) in planned.Settings ?? new Dictionary<string, string>()) environment[key] = value;
        return new HostProcess(planned.Project, planned.Name, environment, logDirectory, services);
    }

    private StackBuilder Add(List<Planned> list, Planned planned)
    {
        list.Add(planned);
        return this;
    }

    private sealed record Planned(string Project, string Name, IReadOnlyDictionary<string, string>? Settings, AgentSettings? Agent);
}
