using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Fleet;

/// <summary>
/// The all-in-one host's own agent announces itself and keeps beating (every second here, see
/// <see cref="StackFixture.Environment"/>); the API lists it online with what it read from the real host.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class HostFleetTests(StackFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task the_local_agent_is_listed_online_with_the_capacity_and_versions_of_this_machine()
    {
        var host = await OnlineInListAsync();

        Assert.True(host.GetProperty("cpus").GetInt32() > 0, host.ToString());
        Assert.True(host.GetProperty("memoryMiB").GetInt64() > 0, host.ToString());
        Assert.True(host.GetProperty("freeMemoryMiB").GetInt64() >= 0, host.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+$", host.GetProperty("libvirtVersion").GetString());
        Assert.Matches(@"^\d+\.\d+", host.GetProperty("hypervisorVersion").GetString());
        Assert.Matches(@"^\d+\.\d+", host.GetProperty("ovsVersion").GetString());
        Assert.Equal(File.Exists("/dev/kvm"), host.GetProperty("kvm").GetBoolean());
        Assert.Equal("qemu:///system", host.GetProperty("libvirtUri").GetString());
        Assert.Equal(1, host.GetProperty("heartbeatSeconds").GetInt32());
        Assert.True(host.GetProperty("lastSeenSecondsAgo").GetDouble() < 3, host.ToString());
        Assert.True(host.GetProperty("firstSeenAt").GetDateTimeOffset() <= host.GetProperty("lastSeenAt").GetDateTimeOffset(), host.ToString());
        Assert.Equal(JsonValueKind.String, host.GetProperty("startedAt").ValueKind);
    }

    [Fact]
    public async Task one_host_is_found_by_its_name_in_any_case()
    {
        await OnlineInListAsync();

        foreach (var name in new[] { stack.AgentHost, stack.AgentHost.ToUpperInvariant() })
        {
            var host = await stack.Http.GetFromJsonAsync<JsonElement>($"/api/hosts/{name}", StackApi.Json);
            Assert.Equal(stack.AgentHost, host.GetProperty("name").GetString());
            Assert.Equal("Online", host.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task the_agent_keeps_beating_so_last_seen_moves_on()
    {
        var first = (await OnlineInListAsync()).GetProperty("lastSeenAt").GetDateTimeOffset();

        await Eventually.Until(GetOneAsync, h => h.GetProperty("lastSeenAt").GetDateTimeOffset() > first, Patience,
            $"a heartbeat of {stack.AgentHost} after {first:O}");
    }

    [Fact]
    public async Task an_unknown_host_is_a_404_problem()
    {
        using var response = await stack.Http.GetAsync($"/api/hosts/{stack.Prefix}-unknown");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains($"{stack.Prefix}-unknown", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_openapi_document_describes_the_host_endpoints()
    {
        var paths = (await stack.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/hosts", out var list) && list.TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/api/hosts/{name}", out var one) && one.TryGetProperty("get", out _));
    }

    /// <summary>This run's agent as the list shows it, once it is there and online.</summary>
    private async Task<JsonElement> OnlineInListAsync()
    {
        var hosts = await Eventually.Until(
            () => stack.Http.GetFromJsonAsync<JsonElement>("/api/hosts", StackApi.Json),
            list => Mine(list) is { } h && h.GetProperty("status").GetString() == "Online",
            Patience, $"{stack.AgentHost} online in GET /api/hosts");
        return Mine(hosts)!.Value;
    }

    private async Task<JsonElement> GetOneAsync() =>
        await stack.Http.GetFromJsonAsync<JsonElement>($"/api/hosts/{stack.AgentHost}", StackApi.Json);

    private JsonElement? Mine(JsonElement list) =>
        list.EnumerateArray().Where(h => h.GetProperty("name").GetString() == stack.AgentHost).Select(h => (JsonElement?)h).FirstOrDefault();
}
