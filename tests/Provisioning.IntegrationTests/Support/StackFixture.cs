using System.Text.Json;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// One real all-in-one host for the test collection (a <see cref="StackBuilder"/> configuration): its own PostgreSQL
/// schema, RabbitMQ virtual host, agent host name, storage pool and serial-log folder, all carrying the run prefix and
/// all removed afterwards (with a sweep of anything else carrying the prefix, in case a test failed halfway).
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    private Stack? stack;

    public string Prefix { get; } = TestSettings.Prefix;

    public string AgentHost => $"{Prefix}-kvm";

    public string Schema => Prefix;

    public string PoolPath => $"/var/lib/provisioning/test-pools/{Prefix}";

    public HostProcess Process => Running.ControlPlanes[0];

    /// <summary>The stack's API as this run's admin (<see cref="TestSettings.AdminToken"/>, subject <c>admin</c>): allowed everything.</summary>
    public HttpClient Http => Api.Http;

    /// <summary>The same client, typed.</summary>
    public StackApi Api => Running.Api();

    private Stack Running => stack ?? throw new InvalidOperationException("the stack has not started");

    public async Task InitializeAsync()
    {
        stack = await StackBuilder.Named(Prefix).WithAllInOne($"{Prefix}-allinone", Agent, Settings()).StartAsync();
    }

    /// <summary>The all-in-one host's settings (for a second host on the same schema, broker and queues).</summary>
    public Dictionary<string, string> Environment() => new(Process.Environment);

    private AgentSettings Agent => new(AgentHost, "qemu:///system", $"{Prefix}pool", PoolPath, $"/var/lib/provisioning/test-serial/{Prefix}")
    {
        // Short, so a silent host turns Offline within seconds instead of 45.
        HeartbeatSeconds = 1,
    };

    private static Dictionary<string, string> Settings() => new(WebhookSettings.Environment())
    {
        ["Engine__DeadlinePollInterval"] = "00:00:00.200",
        // Tests here park requests on a host no agent serves (AccessWorld.NoHost): each keeps its first command
        // outstanding, and admission would hold every one after the fourth in the engine, undispatched. Admission has
        // tests of its own (Admission/); this one agent runs four at a time whatever the engine sends.
        ["Engine__MaxOutstandingPerHost"] = "1000",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
    };

    /// <summary>
    /// The store's position now. Tests in this collection share one store, and the sagas earlier tests
    /// started keep appending, so "a refused input appended nothing" is measured from a mark, not as a total.
    /// </summary>
    public Task<long> StoreMarkAsync() => Running.Store.MarkAsync();

    /// <summary>
    /// Events appended since <paramref name="mark"/> to streams that had none before it: what a refused
    /// input would have started. Streams that already existed (earlier tests' sagas) go on and are not counted, and
    /// neither are Marten's tombstones: placeholders it appends for the sequence numbers of a failed append (the
    /// losers of a race, e.g. an earlier test's burst of webhook redeliveries), some time after the failure.
    /// </summary>
    public Task<long> EventsInNewStreamsSinceAsync(long mark) => Running.Store.EventsInNewStreamsSinceAsync(mark);

    /// <summary>POSTs a JSON body (raw text, so tests can send malformed bodies).</summary>
    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null) message.Headers.Add("Idempotency-Key", idempotencyKey);
        return Http.SendAsync(message);
    }

    /// <summary>The request as the API shows it.</summary>
    public Task<JsonElement> GetRequestAsync(Guid id) => Api.GetRequestAsync(id);

    /// <summary>Waits until the request reaches one of <paramref name="statuses"/>.</summary>
    public Task<JsonElement> WaitForStatusAsync(Guid id, TimeSpan timeout, params IReadOnlyCollection<string> statuses) => Api.WaitForStatusAsync(id, timeout, statuses);

    /// <summary>Waits until the request ends (any terminal status).</summary>
    public Task<JsonElement> WaitForEndAsync(Guid id, TimeSpan timeout) => Api.WaitForEndAsync(id, timeout);

    public async Task DisposeAsync()
    {
        if (stack is not null) await stack.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
