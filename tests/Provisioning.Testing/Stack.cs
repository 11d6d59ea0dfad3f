namespace Provisioning.Testing;

/// <summary>
/// A running stack (see <see cref="StackBuilder"/>): its processes, its store, its API clients. Disposing it stops the
/// processes, sweeps the host of everything named after it (domains, networks, pools with their volumes, bridges, the
/// agents' folders), deletes its vhost with its queues and drops its schema; every step runs even when one fails.
/// </summary>
public sealed class Stack : IAsyncDisposable
{
    private readonly TestEnvironment services;
    private readonly IReadOnlyList<string> folders;
    private readonly bool removeDomainStorage;
    private readonly TimeSpan apiTimeout;
    // Several submitters ask for clients at once (the benchmark's load runs): a plain dictionary breaks under that.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int, string?), StackApi> apis = new();
    private bool vhostCreated;
    private bool disposed;

    internal Stack(string name, TestEnvironment services, StackStore store, IReadOnlyList<HostProcess> controlPlanes, IReadOnlyList<HostProcess> agents,
        IReadOnlyList<string> folders, bool removeDomainStorage, TimeSpan apiTimeout)
    {
        Name = name;
        this.services = services;
        Store = store;
        ControlPlanes = controlPlanes;
        Agents = agents;
        this.folders = folders;
        this.removeDomainStorage = removeDomainStorage;
        this.apiTimeout = apiTimeout;
    }

    /// <summary>The schema, vhost and queue prefix, and the start of every host-side name.</summary>
    public string Name { get; }

    /// <summary>The control planes (and all-in-one hosts), in the order they were described.</summary>
    public IReadOnlyList<HostProcess> ControlPlanes { get; }

    /// <summary>The agent processes, in the order they were described.</summary>
    public IReadOnlyList<HostProcess> Agents { get; }

    /// <summary>The stack's schema, read directly.</summary>
    public StackStore Store { get; }

    /// <summary>The API of control plane <paramref name="index"/> as this run's admin.</summary>
    public StackApi Api(int index = 0) => ApiOf(index, null);

    /// <summary>The API of control plane <paramref name="index"/> acting as <paramref name="actor"/> (an operator token of its own).</summary>
    public StackApi ApiAs(string actor, int index = 0) => ApiOf(index, actor);

    /// <summary>The stack's queues, from the broker itself.</summary>
    public Task<IReadOnlyDictionary<string, QueueDepth>> QueuesAsync() => RabbitMqCtl.Queues(Name);

    /// <summary>The last lines each process printed, for failure messages.</summary>
    public string Tails(int chars = 3000) =>
        string.Join("\n", ControlPlanes.Concat(Agents).Select(p => $"--- {p.Name} ---\n{p.Tail(chars)}"));

    /// <summary>Stops every process (SIGTERM to each pid, SIGKILL after a grace); the rest stays for <see cref="DisposeAsync"/>.</summary>
    public async Task StopAsync()
    {
        foreach (var api in apis.Values) api.Dispose();
        apis.Clear();
        await Task.WhenAll(ControlPlanes.Concat(Agents).Select(p => p.DisposeAsync().AsTask()));
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        var failures = new List<Exception>();
        async Task Step(Func<Task> step)
        {
            try
            {
                await step();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }
        await Step(StopAsync);
        await Step(() => HostSweep.SweepAsync(Name, folders, removeDomainStorage));
        if (vhostCreated) await Step(() => RabbitMqCtl.DeleteVirtualHost(Name));
        await Step(Store.DropAsync);
        if (failures.Count > 0) throw new AggregateException($"the teardown of stack {Name} failed", failures);
    }

    internal async Task CreateVirtualHostAsync()
    {
        await RabbitMqCtl.Run("add_vhost", Name);
        vhostCreated = true;
        await RabbitMqCtl.Run("set_permissions", "-p", Name, services.RabbitUser, ".*", ".*", ".*");
    }

    private StackApi ApiOf(int index, string? actor)
    {
        return apis.GetOrAdd((index, actor), key =>
        {
            var address = ControlPlanes[key.Item1].BaseAddress;
            return key.Item2 is null ? StackApi.WithToken(address, timeout: apiTimeout) : StackApi.Acting(address, key.Item2);
        });
    }
}
