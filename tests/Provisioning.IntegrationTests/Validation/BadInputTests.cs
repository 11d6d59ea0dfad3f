using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Validation;

/// <summary>Every bad body gets a 400 problem+json naming the bad field, appends nothing and touches no host.</summary>
[Collection(StackCollection.Name)]
public sealed class BadInputTests(StackFixture stack)
{
    private const string Name = "badinput-vm";

    private static string Vm(Action<Dictionary<string, object?>> change, string workflow = "provision-vm")
    {
        var p = new Dictionary<string, object?>
        {
            ["name"] = Name, ["host"] = "kvm01", ["memoryMiB"] = 2048, ["vcpus"] = 2, ["diskGiB"] = 20, ["bridge"] = "localbr", ["vlan"] = 100,
        };
        change(p);
        return JsonSerializer.Serialize(new Dictionary<string, object?> { ["workflow"] = workflow, ["parameters"] = p, ["ticket"] = "OPS-123" });
    }

    public static TheoryData<string, string, string> Bodies => new()
    {
        { "xml metacharacters in the name", Vm(p => p["name"] = "web<01>&\"'"), "parameters.name" },
        { "a quote in the name", Vm(p => p["name"] = "web'01"), "parameters.name" },
        { "shell metacharacters in the name", Vm(p => p["name"] = "web01;rm -rf /"), "parameters.name" },
        { "command substitution in the bridge", Vm(p => p["bridge"] = "$(reboot)"), "parameters.bridge" },
        { "path traversal in the name", Vm(p => p["name"] = "../../etc/passwd"), "parameters.name" },
        { "dot-dot inside the name", Vm(p => p["name"] = "a..b"), "parameters.name" },
        { "a name of 64 characters", Vm(p => p["name"] = new string('a', 64)), "parameters.name" },
        { "vlan 0", Vm(p => p["vlan"] = 0), "parameters.vlan" },
        { "vlan 4095", Vm(p => p["vlan"] = 4095), "parameters.vlan" },
        { "negative memory", Vm(p => p["memoryMiB"] = -1), "parameters.memoryMiB" },
        { "absurd memory", Vm(p => p["memoryMiB"] = 1_000_000_000), "parameters.memoryMiB" },
        { "zero vcpus", Vm(p => p["vcpus"] = 0), "parameters.vcpus" },
        { "absurd disk", Vm(p => p["diskGiB"] = 10_000_000), "parameters.diskGiB" },
        { "fractional vcpus", Vm(p => p["vcpus"] = 1.5), "parameters.vcpus" },
        { "memory as a string", Vm(p => p["memoryMiB"] = "2048"), "parameters.memoryMiB" },
        { "name as a number", Vm(p => p["name"] = 42), "parameters.name" },
        { "missing name", Vm(p => p.Remove("name")), "parameters.name" },
        { "missing host on a request about an existing VM", Vm(p => { p.Clear(); p["name"] = Name; }, "stop-vm"), "parameters.host" },
        { "missing bridge", Vm(p => p.Remove("bridge")), "parameters.bridge" },
        { "a bridge name longer than 15", Vm(p => p["bridge"] = "abcdefghijklmnop"), "parameters.bridge" },
        { "a host with a space", Vm(p => p["host"] = "kvm 01"), "parameters.host" },
        { "an uplink with a slash", Vm(p => p["uplink"] = "eth0/../x"), "parameters.uplink" },
        { "an unknown parameter", Vm(p => p["script"] = "curl evil"), "parameters.script" },
        { "an unknown workflow", Vm(_ => { }, "format-disk"), "workflow" },
        { "no workflow", """{"parameters":{}}""", "workflow" },
        { "parameters not an object", """{"workflow":"provision-vm","parameters":"name=web01"}""", "parameters" },
        { "a body that is an array", """[1,2,3]""", "body" },
        { "malformed JSON", """{"workflow":"provision-vm",""", "body" },
        { "a ticket with spaces", Vm(_ => { }).Replace("OPS-123", "OPS 123; drop", StringComparison.Ordinal), "ticket" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task a_bad_body_gets_a_400_naming_the_field_and_changes_nothing(string why, string body, string field)
    {
        var mark = await stack.StoreMarkAsync();

        var response = await stack.PostRawAsync("/api/requests", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: errors do not name {field}: {problem}");
        Assert.Equal(0, await stack.EventsInNewStreamsSinceAsync(mark));
        Assert.NotEqual(0, (await HostProbe.Virsh("dominfo", Name)).ExitCode);
    }

    [Fact]
    public async Task an_unknown_request_id_is_a_404_problem()
    {
        var response = await stack.Http.GetAsync($"/api/requests/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task an_unknown_status_filter_is_a_400_problem()
    {
        var response = await stack.Http.GetAsync("/api/requests?status=Exploded");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
