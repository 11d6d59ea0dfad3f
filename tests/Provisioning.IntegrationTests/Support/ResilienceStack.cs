using System.Net.Http.Json;
using Npgsql;
using Provisioning.Contracts;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// One topology for a resilience scenario (a <see cref="StackBuilder"/> configuration): <c>n</c> control planes (API +
/// engine) and one agent, as real processes, on a schema, virtual host, queue prefix, agent host name, bridge and pool of
/// its own, all named <c>{run prefix}{tag}</c> and all removed by <see cref="DisposeAsync"/>. Every process runs with the
/// same settings, the agent's included.
/// </summary>
public sealed class ResilienceStack : IAsyncDisposable
{
    private readonly Stack stack;

    private ResilienceStack(Stack stack) => this.stack = stack;

    /// <summary>The sub-prefix of this topology: schema, vhost, queue prefix, and the start of every host name.</summary>
    public string Sub => stack.Name;

    public string AgentHost => $"{Sub}-kvm";

    /// <summary>One bridge for the topology's requests (at most 15 characters).</summary>
    public string Bridge => $"{Sub}b";

    public string Pool => $"{Sub}pool";

    public string EngineQueue => Queues.Engine(Sub);

    public string AgentQueue => Queues.Agent(Sub, AgentHost);

    public HostProcess Agent => stack.Agents[0];

    /// <summary>The topology's schema, for counts straight from PostgreSQL.</summary>
    public StackStore Store => stack.Store;

    public IReadOnlyList<HostProcess> ControlPlanes => stack.ControlPlanes;

    /// <summary>The API of control plane <paramref name="index"/>.</summary>
    public HttpClient Api(int index) => stack.Api(index).Http;

    /// <summary>
    /// Starts <paramref name="controlPlaneCount"/> control planes and one agent on <paramref name="libvirtUri"/>.
    /// The first control plane creates the schema alone; the others and the agent start together. <paramref name="settings"/>
    /// go to every process after the topology's own; <paramref name="removeAfterwards"/> is a folder of the scenario's
    /// (its workflows, say) removed with the topology.
    /// </summary>
    public static async Task<ResilienceStack> StartAsync(string tag, int controlPlaneCount, string libvirtUri,
        IReadOnlyDictionary<string, string>? settings = null, string? removeAfterwards = null)
    {
        var sub = TestSettings.Prefix + tag;
        var agent = new AgentSettings($"{sub}-kvm", libvirtUri, $"{sub}pool", $"/var/lib/provisioning/test-pools/{sub}", $"/var/lib/provisioning/test-serial/{sub}");
        var builder = StackBuilder.Named(sub).WithSettings(agent.ToEnvironment()).WithSettings(new Dictionary<string, string>
        {
            ["Engine__DeadlinePollInterval"] = "00:00:00.200",
            // Every start reported at once, as before the agent learnt to skip reports of quick steps: these scenarios
            // race a command's start report against its result (see SequenceHoleTests).
            ["Agent__StartReportAfterMs"] = "0",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        });
        if (settings is not null) builder.WithSettings(settings);
        if (removeAfterwards is not null) builder.RemoveAfterwards(removeAfterwards);
        for (var i = 1; i <= controlPlaneCount; i++) builder.WithControlPlane($"{sub}-control{i}");
        return new ResilienceStack(await builder.WithAgent($"{sub}-agent", agent).StartAsync());
    }

    /// <summary>Submits a provision-vm request for guest <paramref name="name"/> on the topology's bridge, through <paramref name="api"/>.</summary>
    public Task<Guid> SubmitAsync(HttpClient api, string name) =>
        new StackApi(api).SubmitVmAsync(name, AgentHost, Bridge, 100, $"{Sub}-T");

    /// <summary>Submits <paramref name="count"/> requests (guests <c>{sub}-vmNN</c> from <paramref name="first"/>), alternating between the control planes.</summary>
    public async Task<List<Guid>> SubmitManyAsync(int first, int count)
    {
        var ids = new List<Guid>();
        for (var i = first; i < first + count; i++) ids.Add(await SubmitAsync(Api(i % ControlPlanes.Count), $"{Sub}-vm{i:00}"));
        return ids;
    }

    public Task<System.Text.Json.JsonElement> GetRequestAsync(Guid id) => stack.Api().GetRequestAsync(id);

    /// <summary>The request's stream as the audit API shows it.</summary>
    public async Task<IReadOnlyList<StreamEvent>> EventsAsync(Guid id) => (await stack.Api().EventsAsync(id)).Select(StreamEvent.From).ToList();

    /// <summary>
    /// Every request's status, read straight from the summaries in PostgreSQL (no API in between, so this
    /// keeps answering while a control plane is down); unreadable (PostgreSQL down) gives an empty board.
    /// </summary>
    public async Task<StatusBoard> StatusesAsync(IReadOnlyCollection<Guid> ids)
    {
        try
        {
            var rows = await stack.Store.SummariesAsync();
            return new StatusBoard(ids.ToDictionary(id => id, id => rows.TryGetValue(id, out var r) ? r : ("(missing)", null)), null);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return new StatusBoard(new Dictionary<Guid, (string, string?)>(), e.Message);
        }
    }

    /// <summary>Waits until every request has one of <paramref name="statuses"/>; a timeout tells the queues and the processes' last words.</summary>
    public async Task<StatusBoard> WaitForAllAsync(IReadOnlyCollection<Guid> ids, TimeSpan timeout, params IReadOnlyCollection<string> statuses)
    {
        try
        {
            return await Eventually.Until(() => StatusesAsync(ids), b => b.Error is null && b.Statuses.Count == ids.Count && b.Statuses.Values.All(s => statuses.Contains(s.Status)),
                timeout, $"{ids.Count} requests to reach {string.Join("/", statuses)}");
        }
        catch (TimeoutException e)
        {
            var queues = string.Join(", ", (await QueuesAsync()).Select(q => $"{q.Key}={q.Value}"));
            throw new TimeoutException($"{e.Message}\nqueues: {queues}\n{Tails()}", e);
        }
    }

    /// <summary>How many events of <paramref name="type"/> the topology's store holds (all streams).</summary>
    public Task<long> CountEventsAsync(string type) => stack.Store.CountEventsAsync(type);

    /// <summary>Sequence numbers the store handed out that no event holds (see <see cref="StackStore.SequenceHolesAsync"/>).</summary>
    public Task<long> SequenceHolesAsync() => stack.Store.SequenceHolesAsync();

    /// <summary>The topology's queues with their ready and unacknowledged messages and consumers, from the broker itself.</summary>
    public Task<IReadOnlyDictionary<string, QueueDepth>> QueuesAsync() => stack.QueuesAsync();

    /// <summary>Waits until <paramref name="queue"/> holds no message, ready or being consumed.</summary>
    public Task WaitUntilDrainedAsync(string queue, TimeSpan timeout) =>
        Eventually.Until(async () => (await QueuesAsync()).GetValueOrDefault(queue), q => q is { Ready: 0, Unacknowledged: 0 }, timeout, $"queue {queue} to be drained");

    /// <summary>The last lines each process printed, for failure messages.</summary>
    public string Tails() => stack.Tails();

    public ValueTask DisposeAsync() => stack.DisposeAsync();
}
