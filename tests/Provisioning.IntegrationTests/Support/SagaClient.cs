using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// The control plane's HTTP API as the fault scenarios use it: submit a provision-vm request, read it
/// and its events, act on it (cancel, rollback, retry-rollback) and wait for a status. It authenticates as
/// <c>actor</c> with an operator token (minted through the admin API on first use), so that subject is the
/// actor on what it submits; <see cref="ActAsync"/> can act as another subject.
/// </summary>
public sealed class SagaClient(Uri baseAddress, string actor) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Every status after which nothing happens without an operator.</summary>
    public static readonly string[] Terminal = ["Succeeded", "RolledBack", "RollbackFailed", "Failed", "Cancelled"];

    private readonly HttpClient http = CreateClient(baseAddress, actor);

    /// <summary>Submits a small guest (64 MiB, 1 vCPU, 1 GiB, no OS) on <paramref name="host"/>; returns the request id.</summary>
    public async Task<Guid> SubmitAsync(string name, string host, string bridge, int? vlan, string ticket)
    {
        object parameters = vlan is { } v
            ? new { name, host, memoryMiB = 64, vcpus = 1, diskGiB = 1, bridge, vlan = v }
            : new { name, host, memoryMiB = 64, vcpus = 1, diskGiB = 1, bridge };
        var body = JsonSerializer.Serialize(new { workflow = "provision-vm", ticket, parameters });
        using var response = await http.PostAsync("/api/requests", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"submit answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>The request as GET /api/requests/{id} shows it.</summary>
    public async Task<JsonElement> GetAsync(Guid id) => await http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}", Json);

    /// <summary>The request's events in order.</summary>
    public async Task<List<JsonElement>> EventsAsync(Guid id) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/events", Json)).EnumerateArray().ToList();

    /// <summary>POSTs an operator action (cancel, rollback, retry-rollback), as the subject <paramref name="as"/> when given (with an operator token of its own).</summary>
    public async Task<HttpStatusCode> ActAsync(Guid id, string action, string? @as = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/api/requests/{id}/{action}");
        if (@as is not null) message.Options.Set(ActingHandler.As, @as);
        using var response = await http.SendAsync(message);
        return response.StatusCode;
    }

    /// <summary>Waits until the request reaches one of <paramref name="statuses"/>; a GET that fails (host restarting) is retried.</summary>
    public Task<JsonElement> WaitForStatusAsync(Guid id, TimeSpan timeout, params string[] statuses) =>
        WaitUntilAsync(id, r => statuses.Contains(r.GetProperty("status").GetString()), timeout, $"request {id} to reach {string.Join("/", statuses)}");

    /// <summary>Waits until the request (as GET shows it) satisfies <paramref name="done"/>.</summary>
    public async Task<JsonElement> WaitUntilAsync(Guid id, Func<JsonElement, bool> done, TimeSpan timeout, string what)
    {
        var last = await Deadline.Until(async () =>
        {
            try
            {
                return (JsonElement?)await GetAsync(id);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }, r => r is { } request && done(request), timeout, what);
        return last!.Value;
    }

    /// <summary>One step of a request as GET shows it.</summary>
    public static JsonElement Step(JsonElement request, string name) =>
        request.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    /// <summary>The events of one type.</summary>
    public static List<JsonElement> OfType(IEnumerable<JsonElement> events, string type) =>
        events.Where(e => e.GetProperty("type").GetString() == type).ToList();

    /// <summary>The <c>step_dispatched</c> events of one mode (Execute or Compensate), of one step when given.</summary>
    public static List<JsonElement> Dispatches(IEnumerable<JsonElement> events, string mode, string? step = null) =>
        OfType(events, "step_dispatched").Where(e => e.GetProperty("data").GetProperty("mode").GetString() == mode
            && (step is null || e.GetProperty("data").GetProperty("step").GetString() == step)).ToList();

    /// <summary>The step names of events, in order.</summary>
    public static List<string> Steps(IEnumerable<JsonElement> events) =>
        events.Select(e => e.GetProperty("data").GetProperty("step").GetString()!).ToList();

    /// <summary>A one-line account of a request, for failure messages.</summary>
    public static string Describe(JsonElement request) =>
        $"{request.GetProperty("status").GetString()} [" + string.Join(", ", request.GetProperty("steps").EnumerateArray().Select(s =>
            $"{s.GetProperty("name").GetString()}:{s.GetProperty("status").GetString()}x{s.GetProperty("attempts").GetInt32()}"
            + (s.GetProperty("error").GetString() is { } e ? $" ({e})" : ""))) + "]";

    public void Dispose() => http.Dispose();

    private static HttpClient CreateClient(Uri baseAddress, string actor) =>
        new(new ActingHandler(baseAddress, actor)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
}
