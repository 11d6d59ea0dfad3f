using Npgsql;

namespace Provisioning.Benchmarks.Stack;

/// <summary>
/// The benchmark's configuration of the kit's <see cref="StackBuilder"/>: a control plane (API + engine, one process,
/// the engine's step timings logged) and agents as real processes, in Production mode, on a schema and a virtual host of
/// their own, all named after <see cref="Name"/>; logs in <c>artifacts/bench-logs</c>. <see cref="DisposeAsync"/> stops the
/// processes and removes the schema, the vhost, and every bridge, domain (with its disks), network and pool named after it.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    private readonly Provisioning.Testing.Stack stack;

    private BenchStack(Provisioning.Testing.Stack stack, BenchEnvironment env)
    {
        this.stack = stack;
        Env = env;
    }

    public BenchEnvironment Env { get; }

    /// <summary>The schema, vhost and queue prefix, and the start of every host-side name.</summary>
    public string Name => stack.Name;

    public HostProcess ControlPlane => stack.ControlPlanes[0];

    public IReadOnlyList<HostProcess> Agents => stack.Agents;

    /// <summary>The control plane's API as the run's admin.</summary>
    public HttpClient Api => stack.Api().Http;

    /// <summary>The kit's client of the same API (submit, wait, act).</summary>
    public StackApi Client => stack.Api();

    public string PoolRoot => PoolRootOf(Name);

    /// <summary>Starts the control plane, then the agents together; on failure removes what it made.</summary>
    public static async Task<BenchStack> StartAsync(BenchEnvironment env, string name, IReadOnlyList<AgentSpec> agentSpecs, IReadOnlyDictionary<string, string>? extra = null)
    {
        var poolRoot = PoolRootOf(name);
        var builder = StackBuilder.Named(name)
            .Using(env.Services)
            .LogTo(Path.Combine(env.RepositoryRoot, "artifacts", "bench-logs"))
            .ReadyWithin(TimeSpan.FromSeconds(180))
            .WithApiTimeout(TimeSpan.FromSeconds(60))
            .RemoveAfterwards(poolRoot)
            .RemoveDomainStorage()
            .WithSetting("ASPNETCORE_ENVIRONMENT", "Production")
            .WithSettings(extra ?? new Dictionary<string, string>())
            // The engine's own timing of every step (see OrchestrationLog).
            .WithControlPlane($"{name}-control", new Dictionary<string, string> { ["Logging__LogLevel__Provisioning.Engine.Results"] = "Debug" });
        for (var i = 1; i <= agentSpecs.Count; i++)
        {
            var spec = agentSpecs[i - 1];
            builder.WithAgent($"{name}-agent{i}", new AgentSettings(spec.HostName, spec.LibvirtUri, $"{name}p{i}", $"{poolRoot}/{i}", $"{poolRoot}/serial{i}")
            {
                DatapathType = null,
                BridgeNamePrefix = spec.BridgeNamePrefix,
            });
        }
        return new BenchStack(await builder.StartAsync(), env);
    }

    /// <summary>Submits one provision-vm request; returns its id.</summary>
    public Task<Guid> SubmitVmAsync(string name, string host, string bridge, int vlan, int memoryMiB, CancellationToken ct) =>
        stack.Api().SubmitVmAsync(name, host, bridge, vlan, $"{Name}-BENCH", memoryMiB, ct);

    /// <summary>How many requests have each status, read from the request summaries in PostgreSQL.</summary>
    public Task<IReadOnlyDictionary<string, long>> StatusCountsAsync(CancellationToken ct) => stack.Store.StatusCountsAsync(ct);

    public Task<NpgsqlConnection> OpenAsync(CancellationToken ct) => stack.Store.OpenAsync(ct);

    public ValueTask DisposeAsync() => stack.DisposeAsync();

    private static string PoolRootOf(string name) => $"/var/lib/provisioning/bench-pools/{name}";
}
