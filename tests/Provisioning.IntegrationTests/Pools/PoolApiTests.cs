using System.Net;
using System.Text.Json;

namespace Provisioning.IntegrationTests.Pools;

/// <summary>
/// <c>/api/pools</c> and allocation through HTTP on two control planes sharing one schema: admins define, list, read
/// and remove pools (a pool holding leases is not removed); bad bodies are 400s naming the field with nothing appended;
/// 30 concurrent VM submissions across both engines on a 16-address pool give 16 distinct addresses and 14 refusals.
/// </summary>
public sealed class PoolApiTests(PoolStack stack) : IClassFixture<PoolStack>
{
    private static readonly TimeSpan SagaTimeout = TimeSpan.FromMinutes(2);

    private static string Unique(string what) => $"{what}{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task an_admin_defines_lists_reads_and_removes_a_pool_and_each_change_is_an_event_with_its_actor()
    {
        var name = Unique("crud");
        var created = await stack.Api().PostAsync("/api/pools", stack.PoolBody(name, 1));
        Assert.True(created.Status == HttpStatusCode.Created, created.Body.ToString());
        Assert.Equal($"/api/pools/{name}", created.Location);
        Assert.Equal((16, true, "10.88.1.10"), (created.Body.GetProperty("size").GetInt32(), created.Body.GetProperty("gatewayPort").GetBoolean(),
            created.Body.GetProperty("range").GetProperty("first").GetString()));

        // The other engine sees it at once: it is in the store, not in a process.
        var listed = await stack.GetAsync("/api/pools", api: 1);
        Assert.Contains(listed.Body.EnumerateArray(), p => p.GetProperty("name").GetString() == name);
        var one = await stack.GetAsync($"/api/pools/{name.ToUpperInvariant()}");
        Assert.Equal((HttpStatusCode.OK, 0), (one.Status, one.Body.GetProperty("leased").GetInt32()));

        var again = await stack.Api(1).PostAsync("/api/pools", stack.PoolBody(name, 2));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        var overlapping = await stack.Api().PostAsync("/api/pools", stack.PoolBody(Unique("over"), 1, first: 20, last: 30));
        Assert.Equal(HttpStatusCode.Conflict, overlapping.Status);
        Assert.Contains($"overlaps pool '{name}'", overlapping.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, await stack.DeleteAsync($"/api/pools/{name}", api: 1));
        Assert.Equal(HttpStatusCode.NotFound, (await stack.GetAsync($"/api/pools/{name}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, await stack.DeleteAsync($"/api/pools/{name}"));

        var audit = await stack.GetAsync("/api/audit?eventType=pool_defined&limit=200");
        Assert.Contains(audit.Body.GetProperty("items").EnumerateArray(), e => e.GetProperty("actor").GetString() == Support.TestSettings.AdminSubject
            && e.GetProperty("summary").GetString()!.StartsWith($"address pool {name} defined", StringComparison.Ordinal));
        var removed = await stack.GetAsync("/api/audit?eventType=pool_removed&limit=200");
        Assert.Contains(removed.Body.GetProperty("items").EnumerateArray(), e => e.GetProperty("summary").GetString() == $"address pool {name} removed by {Support.TestSettings.AdminSubject}");
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "a cidr that is a host", """{"name":"b1","bridge":"br","cidr":"10.9.0.5/24","gateway":"10.9.0.1"}""", "cidr" },
        { "no cidr", """{"name":"b1","bridge":"br","gateway":"10.9.0.1"}""", "cidr" },
        { "a gateway outside the network", """{"name":"b1","bridge":"br","cidr":"10.9.0.0/24","gateway":"10.8.0.1"}""", "gateway" },
        { "four dns servers", """{"name":"b1","bridge":"br","cidr":"10.9.0.0/24","gateway":"10.9.0.1","dns":["1.1.1.1","1.0.0.1","8.8.8.8","9.9.9.9"]}""", "dns" },
        { "a range leaving the network", """{"name":"b1","bridge":"br","cidr":"10.9.0.0/24","gateway":"10.9.0.1","range":{"first":"10.9.0.10","last":"10.9.1.10"}}""", "range.last" },
        { "a range backwards", """{"name":"b1","bridge":"br","cidr":"10.9.0.0/24","gateway":"10.9.0.1","range":{"first":"10.9.0.20","last":"10.9.0.10"}}""", "range" },
        { "vlan 4095", """{"name":"b1","bridge":"br","vlan":4095,"cidr":"10.9.0.0/24","gateway":"10.9.0.1"}""", "vlan" },
        { "a bridge with a shell", """{"name":"b1","bridge":"$(reboot)","cidr":"10.9.0.0/24","gateway":"10.9.0.1"}""", "bridge" },
        { "a name with a slash", """{"name":"a/b","bridge":"br","cidr":"10.9.0.0/24","gateway":"10.9.0.1"}""", "name" },
        { "gatewayPort as a string", """{"name":"b1","bridge":"br","cidr":"10.9.0.0/24","gateway":"10.9.0.1","gatewayPort":"yes"}""", "gatewayPort" },
        { "an unknown field", """{"name":"b1","bridge":"br","cidr":"10.9.0.0/24","gateway":"10.9.0.1","mtu":9000}""", "mtu" },
        { "malformed JSON", """{"name":""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task a_bad_pool_body_is_a_400_naming_the_field_and_appends_nothing(string why, string body, string field)
    {
        var mark = await stack.Running.Store.MarkAsync();

        using var response = await stack.Api().Http.PostAsync("/api/pools", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: errors do not name {field}: {problem}");
        Assert.Equal(0, await stack.Running.Store.EventsInNewStreamsSinceAsync(mark));
    }

    [Fact]
    public async Task thirty_concurrent_vms_across_two_engines_on_sixteen_addresses_get_sixteen_distinct_ones_and_fourteen_clear_refusals_and_a_rollback_frees_one()
    {
        var pool = Unique("race");
        Assert.Equal(HttpStatusCode.Created, (await stack.Api().PostAsync("/api/pools", stack.PoolBody(pool, 3))).Status);

        var answers = await Task.WhenAll(Enumerable.Range(1, 30).Select(i => stack.Api(i % 2).PostAsync("/api/requests", stack.VmBody($"{stack.Sub}-r{i:00}", pool))));

        var accepted = answers.Where(a => a.Status == HttpStatusCode.Accepted).Select(a => a.Body.GetProperty("id").GetGuid()).ToList();
        var refused = answers.Where(a => a.Status == HttpStatusCode.Conflict).ToList();
        Assert.True((accepted.Count, refused.Count) == (16, 14), string.Join("\n", answers.Select(a => $"{(int)a.Status} {a.Body}")));
        Assert.All(refused, r =>
        {
            Assert.Equal("parameters.pool", r.Body.GetProperty("field").GetString());
            Assert.Equal($"address pool '{pool}' is exhausted: all 16 addresses of 10.88.3.10-10.88.3.25 are taken", r.Body.GetProperty("reason").GetString());
            Assert.True(r.Body.GetProperty("errors").TryGetProperty("parameters.pool", out _));
            Assert.NotNull(r.Location);
        });
        var addresses = new Dictionary<Guid, string>();
        foreach (var id in accepted)
        {
            var request = await stack.Api().GetRequestAsync(id);
            var address = request.GetProperty("address");
            Assert.Equal(address.GetProperty("address").GetString() + "/24", address.GetProperty("ipv4").GetString());
            Assert.Equal(address.GetProperty("ipv4").GetString(), request.GetProperty("parameters").GetProperty("ipv4").GetString());
            addresses[id] = address.GetProperty("address").GetString()!;
        }
        Assert.Equal(Enumerable.Range(10, 16).Select(n => $"10.88.3.{n}").Order(StringComparer.Ordinal), addresses.Values.Order(StringComparer.Ordinal));
        var leases = (await stack.GetAsync($"/api/pools/{pool}", api: 1)).Body;
        Assert.Equal(16, leases.GetProperty("leased").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, await stack.DeleteAsync($"/api/pools/{pool}"));

        // The VMs run; the inventory shows each one's address.
        foreach (var id in accepted) Assert.Equal("Succeeded", (await stack.Api().WaitForEndAsync(id, SagaTimeout)).GetProperty("status").GetString());
        var inventory = (await stack.GetAsync("/api/inventory/vms")).Body;
        var records = inventory.ValueKind == JsonValueKind.Array ? inventory : inventory.GetProperty("items");
        Assert.All(accepted, id => Assert.Contains(records.EnumerateArray(), v => v.GetProperty("id").GetGuid() == id
            && v.GetProperty("address").GetString() == addresses[id] && v.GetProperty("pool").GetString() == pool));

        // A rollback gives its address back: the next VM gets exactly that one.
        var undone = addresses.First(a => a.Value == "10.88.3.17").Key;
        Assert.Equal(HttpStatusCode.Accepted, await stack.Api(1).ActAsync(undone, "rollback"));
        var rolledBack = await stack.Api().WaitForStatusAsync(undone, SagaTimeout, "RolledBack", "RollbackFailed");
        Assert.Equal("RolledBack", rolledBack.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, rolledBack.GetProperty("address").GetProperty("releasedAt").ValueKind);
        var next = await stack.Api().PostAsync("/api/requests", stack.VmBody($"{stack.Sub}-r31", pool));
        Assert.Equal(HttpStatusCode.Accepted, next.Status);
        Assert.Equal("10.88.3.17", (await stack.Api().GetRequestAsync(next.Body.GetProperty("id").GetGuid())).GetProperty("address").GetProperty("address").GetString());
    }

    [Fact]
    public async Task an_explicit_address_outside_every_pool_or_an_unknown_pool_is_a_409_naming_the_parameter()
    {
        var pool = Unique("exp");
        Assert.Equal(HttpStatusCode.Created, (await stack.Api().PostAsync("/api/pools", stack.PoolBody(pool, 4))).Status);

        var unknown = await stack.Api().PostAsync("/api/requests", stack.VmBody($"{stack.Sub}-x1", Unique("nopool")));
        var outside = await stack.Api().PostAsync("/api/requests", stack.VmBody($"{stack.Sub}-x2", pool, "10.88.4.200"));

        Assert.Equal((HttpStatusCode.Conflict, "parameters.pool"), (unknown.Status, unknown.Body.GetProperty("field").GetString()));
        Assert.Equal((HttpStatusCode.Conflict, "parameters.address"), (outside.Status, outside.Body.GetProperty("field").GetString()));
        var events = await stack.Api().EventsAsync(outside.Body.GetProperty("requestId").GetGuid());
        Assert.Equal(["request_submitted", "address_refused", "request_failed"], events.Select(e => e.GetProperty("type").GetString()));
    }
}
