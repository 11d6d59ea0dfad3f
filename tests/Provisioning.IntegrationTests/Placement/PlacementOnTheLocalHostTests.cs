using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Placement;

/// <summary>
/// Placement on the real all-in-one stack: the local agent on qemu:///system, onboarded through onboard-host, gets
/// a provision-vm request that names no host, and the guest really boots there.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class PlacementOnTheLocalHostTests(StackFixture stack)
{
    private static readonly TimeSpan SagaTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task a_request_without_a_host_is_placed_on_the_onboarded_local_host_and_its_guest_boots_there()
    {
        var name = $"{stack.Prefix}-placed";
        var bridge = $"{stack.Prefix}pl";
        await Eventually.Until(() => stack.Http.GetAsync($"/api/hosts/{stack.AgentHost}"), r => r.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), $"{stack.AgentHost} to announce itself");

        using var onboard = await stack.PostRawAsync("/api/requests", JsonSerializer.Serialize(new { workflow = "onboard-host", parameters = new { host = stack.AgentHost } }));
        Assert.Equal(HttpStatusCode.Accepted, onboard.StatusCode);
        var onboarding = (await onboard.Content.ReadFromJsonAsync<JsonElement>(StackApi.Json)).GetProperty("id").GetGuid();
        Assert.Equal("Succeeded", (await stack.WaitForEndAsync(onboarding, SagaTimeout)).GetProperty("status").GetString());
        var host = await stack.Http.GetFromJsonAsync<JsonElement>($"/api/hosts/{stack.AgentHost}", StackApi.Json);
        Assert.True(host.GetProperty("onboarded").GetBoolean(), host.ToString());

        using var response = await stack.PostRawAsync("/api/requests", JsonSerializer.Serialize(new
        {
            workflow = "provision-vm",
            ticket = "OPS-PLACE",
            parameters = new { name, memoryMiB = 64, vcpus = 1, diskGiB = 1, bridge, vlan = 100 },
        }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();

        var done = await stack.WaitForEndAsync(id, SagaTimeout);
        try
        {
            Assert.True(done.GetProperty("status").GetString() == "Succeeded", $"request ended {done}");
            Assert.Equal(stack.AgentHost, done.GetProperty("host").GetString());
            Assert.Equal(stack.AgentHost, done.GetProperty("parameters").GetProperty("host").GetString());
            var events = (await stack.Http.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/events", StackApi.Json)).EnumerateArray().ToList();
            Assert.Equal(["request_submitted", "host_placed", "step_dispatched"], events.Take(3).Select(e => e.GetProperty("type").GetString()));
            var placed = events[1].GetProperty("data");
            Assert.Equal(stack.AgentHost, placed.GetProperty("host").GetString());
            Assert.StartsWith($"placed on {stack.AgentHost}: ", placed.GetProperty("reason").GetString(), StringComparison.Ordinal);

            // The guest really runs on this machine, with its port on the bridge in VLAN 100.
            Assert.Equal("running", (await HostProbe.Virsh("domstate", name)).EnsureSuccess("virsh domstate").Stdout.Trim());
            var port = await HostProbe.PortOfRequest(id);
            Assert.NotNull(port);
            Assert.Equal("100", (await HostProbe.Ovs("get", "Port", port!, "tag")).Stdout.Trim());

            // The agent's next heartbeats show the guest, which now counts against the host's room.
            await Eventually.Until(() => stack.Http.GetFromJsonAsync<JsonElement>($"/api/hosts/{stack.AgentHost}", StackApi.Json),
                h => h.GetProperty("guests").EnumerateArray().Any(g => g.GetProperty("name").GetString() == name),
                TimeSpan.FromSeconds(30), $"{stack.AgentHost} to report {name}");
        }
        finally
        {
            using var rollback = await stack.Http.PostAsync($"/api/requests/{id}/rollback", null);
            await stack.WaitForStatusAsync(id, SagaTimeout, "RolledBack", "RollbackFailed", "Failed");
        }
        Assert.Empty(await HostProbe.LeftOfRequest(name, bridge, stack.Prefix + "pool", id));
    }
}
