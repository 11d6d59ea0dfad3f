using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Provisioning.Testing;

/// <summary>
/// The control plane's HTTP API as tests and the bench use it: submit, read a request and its events, act on it
/// (cancel, rollback, retry-rollback), wait for a status, list the hosts. A read that fails while a host restarts is
/// retried by the waits. Built with a token (<see cref="WithToken"/>, e.g. the run's admin) or acting as a subject
/// with an operator token minted on first use (<see cref="Acting"/>).
/// </summary>
public sealed class StackApi : IDisposable
{
    /// <summary>How the API writes JSON.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public StackApi(HttpClient http) => Http = http;

    /// <summary>The raw client, for what this type does not say (and for malformed input).</summary>
    public HttpClient Http { get; }

    public Uri BaseAddress => Http.BaseAddress!;

    /// <summary>A client sending <paramref name="token"/> (this run's admin token unless given).</summary>
    public static StackApi WithToken(Uri baseAddress, string? token = null, TimeSpan? timeout = null) =>
        new(Tokens.Client(baseAddress, token ?? TestEnvironment.AdminToken, timeout));

    /// <summary>A client acting as <paramref name="actor"/> with an operator token of its own (see <see cref="ActingHandler"/>).</summary>
    public static StackApi Acting(Uri baseAddress, string actor) =>
        new(new HttpClient(new ActingHandler(baseAddress, actor)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) });

    /// <summary>POSTs <paramref name="body"/> as JSON; returns the status, the parsed answer (default when empty) and its Location.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body, string? Location)> PostAsync(string path, object? body, string? idempotencyKey = null, CancellationToken ct = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null) message.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        if (idempotencyKey is not null) message.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await Http.SendAsync(message, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response.Headers.Location?.ToString());
    }

    /// <summary>Submits a request; returns its id, or throws with the answer unless it was accepted.</summary>
    public async Task<Guid> SubmitAsync(string workflow, object parameters, string ticket, CancellationToken ct = default)
    {
        var (status, body, _) = await PostAsync("/api/requests", new { workflow, ticket, parameters }, ct: ct);
        if (status != HttpStatusCode.Accepted) throw new InvalidOperationException($"submitting {workflow} answered {(int)status}: {body}");
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Submits provision-vm for a small guest without an OS (1 vCPU, 1 GiB disk, <paramref name="memoryMiB"/> MiB) on
    /// <paramref name="host"/> (null: placement chooses), its NIC on <paramref name="bridge"/> in <paramref name="vlan"/> (null: untagged).
    /// </summary>
    public Task<Guid> SubmitVmAsync(string name, string? host, string bridge, int? vlan, string ticket, int memoryMiB = 64, CancellationToken ct = default) =>
        SubmitAsync("provision-vm", VmParameters(name, host, bridge, vlan, memoryMiB), ticket, ct);

    /// <summary>The parameters of <see cref="SubmitVmAsync"/>, for a body a test sends itself.</summary>
    public static Dictionary<string, object> VmParameters(string name, string? host, string bridge, int? vlan, int memoryMiB = 64, int vcpus = 1)
    {
        var parameters = new Dictionary<string, object> { ["name"] = name, ["memoryMiB"] = memoryMiB, ["vcpus"] = vcpus, ["diskGiB"] = 1, ["bridge"] = bridge };
        if (host is not null) parameters["host"] = host;
        if (vlan is { } v) parameters["vlan"] = v;
        return parameters;
    }

    /// <summary>The request as <c>GET /api/requests/{id}</c> shows it.</summary>
    public async Task<JsonElement> GetRequestAsync(Guid id) => await Http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}", Json);

    /// <summary>The request's events in order.</summary>
    public async Task<List<JsonElement>> EventsAsync(Guid id) =>
        (await Http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/events", Json)).EnumerateArray().ToList();

    /// <summary>POSTs an operator action (cancel, rollback, retry-rollback), as the subject <paramref name="as"/> when given (with an operator token of its own).</summary>
    public async Task<HttpStatusCode> ActAsync(Guid id, string action, string? @as = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/api/requests/{id}/{action}");
        if (@as is not null) message.Options.Set(ActingHandler.As, @as);
        using var response = await Http.SendAsync(message);
        return response.StatusCode;
    }

    /// <summary>The hosts as <c>GET /api/hosts</c> lists them, by name.</summary>
    public async Task<Dictionary<string, JsonElement>> HostsAsync() =>
        (await Http.GetFromJsonAsync<JsonElement>("/api/hosts", Json)).EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!, h => h);

    /// <summary>Waits until the request reaches one of <paramref name="statuses"/>.</summary>
    public Task<JsonElement> WaitForStatusAsync(Guid id, TimeSpan timeout, params IReadOnlyCollection<string> statuses) =>
        WaitUntilAsync(id, r => statuses.Contains(RequestJson.Status(r)), timeout, $"request {id} to reach {string.Join("/", statuses)}");

    /// <summary>Waits until the request ends (any status of <see cref="RequestStatuses.Terminal"/>).</summary>
    public Task<JsonElement> WaitForEndAsync(Guid id, TimeSpan timeout) => WaitForStatusAsync(id, timeout, RequestStatuses.Terminal);

    /// <summary>Waits until the request (as GET shows it) satisfies <paramref name="done"/>; a GET that fails (host restarting) is retried.</summary>
    public async Task<JsonElement> WaitUntilAsync(Guid id, Func<JsonElement, bool> done, TimeSpan timeout, string what)
    {
        var last = await Eventually.Until(async () =>
        {
            try
            {
                return new Read(await GetRequestAsync(id), null);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return new Read(null, e.Message);
            }
        }, r => r.Request is { } request && done(request), timeout, what);
        return last.Request!.Value;
    }

    public void Dispose() => Http.Dispose();

    /// <summary>One read of a request: the request, or why it could not be read.</summary>
    private sealed record Read(JsonElement? Request, string? Error)
    {
        public override string ToString() => Request?.ToString() ?? $"no answer ({Error})";
    }
}
