using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Provisioning;

/// <summary>
/// HTTP POST -> saga in Marten -> RabbitMQ -> agent -> a real KVM guest on qemu:///system with its port
/// on a real OVS bridge in VLAN 100; then a rollback through the API that leaves the host clean.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ProvisionVmEndToEndTests(StackFixture stack)
{
    private static readonly TimeSpan SagaTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task a_posted_request_becomes_a_running_guest_tagged_on_its_bridge_and_a_rollback_removes_it_all()
    {
        var name = $"{stack.Prefix}-web01";
        var bridge = $"{stack.Prefix}br";
        var body = JsonSerializer.Serialize(new
        {
            workflow = "provision-vm",
            ticket = "OPS-123",
            parameters = new { name, host = stack.AgentHost, memoryMiB = 64, vcpus = 1, diskGiB = 1, bridge, vlan = 100 },
        });

        var response = await stack.PostRawAsync("/api/requests", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json);
        var id = accepted.GetProperty("id").GetGuid();
        Assert.Equal($"/api/requests/{id}", response.Headers.Location!.OriginalString);

        var done = await stack.WaitForEndAsync(id, SagaTimeout);
        Assert.True(done.GetProperty("status").GetString() == "Succeeded", $"request ended {done}\n{stack.Process.Output[^Math.Min(4000, stack.Process.Output.Length)..]}");
        Assert.All(done.GetProperty("steps").EnumerateArray(), s =>
        {
            Assert.Equal("Succeeded", s.GetProperty("status").GetString());
            Assert.Equal(stack.AgentHost, s.GetProperty("host").GetString());
            Assert.Equal(1, s.GetProperty("attempts").GetInt32());
        });

        // The guest runs, once, under its name.
        var state = await HostProbe.Virsh("domstate", name);
        Assert.Equal("running", state.EnsureSuccess("virsh domstate").Stdout.Trim());
        var domains = (await HostProbe.Virsh("list", "--all", "--name")).Stdout.Split('\n').Count(l => l.Trim() == name);
        Assert.Equal(1, domains);

        // Its port sits on the bridge with tag 100 and carries the request id.
        var port = await HostProbe.PortOfRequest(id);
        Assert.NotNull(port);
        Assert.Equal(bridge, (await HostProbe.Ovs("port-to-br", port!)).EnsureSuccess("port-to-br").Stdout.Trim());
        Assert.Equal("100", (await HostProbe.Ovs("get", "Port", port!, "tag")).Stdout.Trim());

        await AssertEventsTellTheStory(id);

        var summaries = await stack.Http.GetFromJsonAsync<JsonElement>("/api/requests?ticket=OPS-123&status=Succeeded", StackApi.Json);
        Assert.Contains(summaries.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);

        // Undo it all through the API: the host is left as it was before the request.
        var rollback = await stack.Http.PostAsync($"/api/requests/{id}/rollback", null);
        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        var undone = await stack.WaitForStatusAsync(id, SagaTimeout, "RolledBack", "RollbackFailed");
        Assert.Equal("RolledBack", undone.GetProperty("status").GetString());
        Assert.Empty(await HostProbe.LeftOfRequest(name, bridge, stack.Prefix + "pool", id));
    }

    private async Task AssertEventsTellTheStory(Guid id)
    {
        var events = await stack.Http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/events", StackApi.Json);
        var list = events.EnumerateArray().ToList();
        var types = list.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal("request_submitted", types[0]);
        Assert.Equal("request_succeeded", types[^1]);
        var dispatchedSteps = list.Where(e => e.GetProperty("type").GetString() == "step_dispatched")
            .Select(e => e.GetProperty("data").GetProperty("step").GetString()).ToList();
        Assert.Equal(["install-host", "create-bridge", "create-seed", "define-domain", "attach-port", "boot"], dispatchedSteps);
        Assert.Equal(6, types.Count(t => t == "step_succeeded"));
        Assert.Equal(list.Select(e => e.GetProperty("version").GetInt64()), Enumerable.Range(1, list.Count).Select(i => (long)i));
        Assert.All(list, e =>
        {
            Assert.Equal(id.ToString(), e.GetProperty("correlationId").GetString());
            Assert.Equal(TestSettings.AdminSubject, e.GetProperty("actor").GetString());
            Assert.Equal("OPS-123", e.GetProperty("headers").GetProperty("ticket").GetString());
        });
        // Results name the command they answer: causation is the dispatch event's id.
        var succeeded = list.First(e => e.GetProperty("type").GetString() == "step_succeeded");
        Assert.Equal(succeeded.GetProperty("data").GetProperty("commandId").GetGuid().ToString(), succeeded.GetProperty("causationId").GetString());
    }
}
