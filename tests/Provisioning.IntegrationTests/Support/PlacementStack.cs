using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// A fleet for placement scenarios (a <see cref="StackBuilder"/> configuration): <c>n</c> control planes (API + engine)
/// and one agent process per host, each host its own libvirt test driver on a node file of its own (CPUs and memory as
/// given, no domains) with the agent's caps on what it offers guests. Everything is named <c>{run prefix}{tag}</c>
/// (schema, vhost, queue prefix, host names <c>{sub}-kvmN</c>, bridges) and removed by <see cref="DisposeAsync"/>. The
/// hosts' Open vSwitch is this machine's, shared by all of them; their libvirt (domains, networks, pools) is each agent's own.
/// </summary>
public sealed class PlacementStack : IAsyncDisposable
{
    private readonly Stack stack;

    private PlacementStack(Stack stack, IReadOnlyList<string> hosts)
    {
        this.stack = stack;
        Hosts = [.. hosts];
    }

    /// <summary>The sub-prefix (at most 9 characters, so bridge names built on it fit in 15).</summary>
    public string Sub => stack.Name;

    /// <summary>Host names, in order: <c>{sub}-kvm1</c> ...</summary>
    public List<string> Hosts { get; }

    /// <summary>A bridge of this stack (real Open vSwitch: swept at the end).</summary>
    public string Bridge(int n) => $"{Sub}b{n}";

    /// <summary>The API of control plane <paramref name="index"/>, as this run's admin.</summary>
    public HttpClient Api(int index = 0) => stack.Api(index).Http;

    public IReadOnlyList<HostProcess> Agents => stack.Agents;

    /// <summary>The stack's schema in PostgreSQL.</summary>
    public StackStore Store => stack.Store;

    /// <summary>The queues of the stack's vhost (named <see cref="Sub"/>), as the broker lists them.</summary>
    public Task<IReadOnlyDictionary<string, QueueDepth>> QueuesAsync() => stack.QueuesAsync();

    /// <summary>
    /// Starts <paramref name="controlPlaneCount"/> control planes (placement: no overcommit, nothing kept back, so a
    /// host's room is exactly its agent's caps) and one agent per entry of <paramref name="hosts"/>, each heartbeating
    /// every second. The first control plane creates the schema alone; the rest start together.
    /// </summary>
    public static async Task<PlacementStack> StartAsync(string tag, int controlPlaneCount, params HostSize[] hosts)
    {
        var sub = TestSettings.Prefix + tag;
        var temp = Directory.CreateTempSubdirectory($"{sub}-placement-").FullName;
        var builder = StackBuilder.Named(sub).RemoveAfterwards(temp)
            .WithSetting("Engine__DeadlinePollInterval", "00:00:00.200")
            .WithSetting("ASPNETCORE_ENVIRONMENT", "Development");
        for (var i = 1; i <= controlPlaneCount; i++)
        {
            builder.WithControlPlane($"{sub}-control{i}", new Dictionary<string, string>
            {
                ["Engine__Placement__CpuOvercommit"] = "1",
                ["Engine__Placement__MemoryOvercommit"] = "1",
                ["Engine__Placement__ReservedMemoryMiB"] = "0",
            });
        }
        var names = new List<string>();
        for (var i = 1; i <= hosts.Length; i++)
        {
            var host = $"{sub}-kvm{i}";
            names.Add(host);
            var agent = new AgentSettings(host, "test://" + NodeFile(temp, host, hosts[i - 1]), $"{sub}p{i}", Path.Combine(temp, $"pool{i}"), Path.Combine(temp, $"serial{i}"))
            {
                HeartbeatSeconds = 1,
            };
            var caps = new Dictionary<string, string>();
            if (hosts[i - 1].MaxGuestMemoryMiB is { } memory) caps["Agent__MaxGuestMemoryMiB"] = memory.ToString(CultureInfo.InvariantCulture);
            if (hosts[i - 1].MaxGuestVcpus is { } vcpus) caps["Agent__MaxGuestVcpus"] = vcpus.ToString(CultureInfo.InvariantCulture);
            builder.WithAgent($"{sub}-agent{i}", agent, caps);
        }
        return new PlacementStack(await builder.StartAsync(), names);
    }

    /// <summary>The test driver's own node definition: this host's CPUs and memory, and nothing defined on it yet.</summary>
    private static string NodeFile(string temp, string host, HostSize size)
    {
        var node = Path.Combine(temp, $"{host}.xml");
        File.WriteAllText(node, $"""
            <node>
              <cpu><mhz>2000</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets><cores>{size.Cpus}</cores><threads>1</threads></cpu>
              <memory>{size.MemoryMiB * 1024}</memory>
            </node>
            """);
        return node;
    }

    /// <summary>POSTs a request body through control plane <paramref name="api"/>; returns the status and the parsed answer.</summary>
    public Task<(HttpStatusCode Status, JsonElement Body, string? Location)> PostAsync(object body, int api = 0, string? idempotencyKey = null) =>
        stack.Api(api).PostAsync("/api/requests", body, idempotencyKey);

    /// <summary>A provision-vm body without a host: placement chooses.</summary>
    public static object Unplaced(string name, string bridge, int memoryMiB, int vcpus) => new
    {
        workflow = "provision-vm",
        ticket = "PLC-1",
        parameters = StackApi.VmParameters(name, null, bridge, 100, memoryMiB, vcpus),
    };

    /// <summary>Submits onboard-host for <paramref name="host"/> and waits until it succeeded.</summary>
    public async Task<Guid> OnboardAsync(string host)
    {
        var id = await stack.Api().SubmitAsync("onboard-host", new { host }, "PLC-ONB");
        var done = await stack.Api().WaitForEndAsync(id, TimeSpan.FromSeconds(90));
        if (RequestJson.Status(done) != "Succeeded") throw new InvalidOperationException($"onboarding {host} ended {done}");
        return id;
    }

    /// <summary>Waits until every host's agent is listed online.</summary>
    public Task WaitUntilOnlineAsync() =>
        Eventually.Until(HostsAsync, hosts => Hosts.All(h => hosts.TryGetValue(h, out var v) && v.GetProperty("status").GetString() == "Online"),
            TimeSpan.FromSeconds(60), $"{string.Join(", ", Hosts)} online");

    /// <summary>This stack's hosts as GET /api/hosts lists them, by name.</summary>
    public Task<Dictionary<string, JsonElement>> HostsAsync() => stack.Api().HostsAsync();

    public Task<JsonElement> GetRequestAsync(Guid id) => stack.Api().GetRequestAsync(id);

    /// <summary>The request's events, as GET /api/requests/{id}/events shows them.</summary>
    public Task<List<JsonElement>> EventsAsync(Guid id) => stack.Api().EventsAsync(id);

    public Task<JsonElement> WaitForAsync(Guid id, TimeSpan timeout, params IReadOnlyCollection<string> statuses) => stack.Api().WaitForStatusAsync(id, timeout, statuses);

    /// <summary>The reservations the engine holds now, straight from PostgreSQL: request id -> host.</summary>
    public async Task<Dictionary<Guid, string>> ReservationsAsync() =>
        (await stack.Store.RowsAsync("select id, data->>'Host' from {schema}.mt_doc_hostreservation", r => (r.GetGuid(0), r.GetString(1))))
        .ToDictionary(r => r.Item1, r => r.Item2);

    /// <summary>The last lines each process printed, for failure messages.</summary>
    public string Tails() => stack.Tails();

    public ValueTask DisposeAsync() => stack.DisposeAsync();
}

/// <summary>A test host's size (its node file) and what its agent offers guests (null: no cap).</summary>
public sealed record HostSize(int Cpus, long MemoryMiB, long? MaxGuestMemoryMiB = null, int? MaxGuestVcpus = null);
