using System.Net;
using System.Text.Json;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Switch;

/// <summary>
/// provision-switch and change-switch-vlans through the real stack: one request over two agents (two processes on
/// this machine, each with its own host name and bridge names), run concurrently as one child request per host.
/// </summary>
[Collection(SwitchCollection.Name)]
public sealed class SwitchRequestTests(SwitchStack stack)
{
    private string[] Hosts => [stack.HostA, stack.HostB];

    private static JsonElement ChildOn(JsonElement parent, string host) =>
        parent.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("host").GetString() == host);

    [Fact]
    public async Task a_switch_over_two_hosts_is_made_on_both_then_its_vlans_change_and_a_rollback_removes_it_from_both()
    {
        var id = await stack.SubmitAsync("provision-switch", new { hosts = Hosts, bridge = "sw1", vlans = new[] { 100, 200 } });

        var done = await stack.EndOfAsync(id);

        Assert.True(done.GetProperty("status").GetString() == "Succeeded", done.ToString());
        Assert.Equal($"{stack.HostA},{stack.HostB}", done.GetProperty("host").GetString());
        Assert.Empty(done.GetProperty("steps").EnumerateArray());
        foreach (var host in Hosts)
        {
            var part = ChildOn(done, host);
            Assert.Equal("Succeeded", part.GetProperty("status").GetString());
            Assert.Equal(["install-host", "create-switch"], part.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
            Assert.All(part.GetProperty("steps").EnumerateArray(), s => Assert.Equal(("Succeeded", host), (s.GetProperty("status").GetString(), s.GetProperty("host").GetString())));
            var child = await stack.Api.GetRequestAsync(part.GetProperty("id").GetGuid());
            Assert.Equal(id, child.GetProperty("parentId").GetGuid());
            Assert.Equal(host, child.GetProperty("parameters").GetProperty("hosts").GetString());

            // On the host itself: the bridge, the running autostarted network over it, both VLAN portgroups.
            var bridge = stack.BridgeOn(host, "sw1");
            Assert.True(await HostProbe.BridgeExists(bridge), bridge);
            Assert.Equal((true, true, bridge), await HostProbe.NetworkInfo(bridge));
            Assert.Equal(new Dictionary<string, int?> { ["no-vlan"] = 4094, ["vlan-100"] = 100, ["vlan-200"] = 200 }, await HostProbe.Portgroups(bridge));
            Assert.Equal(part.GetProperty("id").GetGuid().ToString("D"), (await HostProbe.BridgeExternalIds(bridge))["provisioning-request"]);
        }

        // Day two: VLAN 300 added, 200 removed, on both hosts.
        var change = await stack.SubmitAsync("change-switch-vlans", new { hosts = Hosts, bridge = "sw1", add = new[] { 300 }, remove = new[] { 200 } });
        var changed = await stack.EndOfAsync(change);
        Assert.True(changed.GetProperty("status").GetString() == "Succeeded", changed.ToString());
        foreach (var host in Hosts)
        {
            Assert.Equal(["no-vlan", "vlan-100", "vlan-300"], (await HostProbe.Portgroups(stack.BridgeOn(host, "sw1"))).Keys.Order(StringComparer.Ordinal));
        }

        // Removing VLAN 100 while a port on host B's bridge is tagged with it: refused there, undone on A, nothing changed.
        var port = $"{stack.Prefix}p100";
        var bridgeB = stack.BridgeOn(stack.HostB, "sw1");
        (await HostProbe.Ovs("add-port", bridgeB, port, "tag=100", "--", "set", "Interface", port, "type=internal")).EnsureSuccess("ovs-vsctl add-port");
        try
        {
            var refused = await stack.EndOfAsync(await stack.SubmitAsync("change-switch-vlans", new { hosts = Hosts, bridge = "sw1", remove = new[] { 100 } }));

            Assert.Equal("RolledBack", refused.GetProperty("status").GetString());
            var reason = refused.GetProperty("compensationReason").GetString()!;
            Assert.StartsWith($"host {stack.HostB} failed: change-vlans failed: refusing to remove VLAN(s) still in use", reason);
            Assert.Contains($"VLAN 100 is used by OVS port {port} (tag 100)", reason, StringComparison.Ordinal);
            foreach (var host in Hosts)
            {
                Assert.Equal(["no-vlan", "vlan-100", "vlan-300"], (await HostProbe.Portgroups(stack.BridgeOn(host, "sw1"))).Keys.Order(StringComparer.Ordinal));
            }
        }
        finally
        {
            await HostProbe.Ovs("--if-exists", "del-port", port);
        }

        // Rolling the change back takes VLAN 300 away and puts 200 back on both hosts; rolling the switch back removes it.
        Assert.Equal(HttpStatusCode.Accepted, await stack.Api.ActAsync(change, "rollback"));
        Assert.Equal("RolledBack", (await stack.EndOfAsync(change)).GetProperty("status").GetString());
        foreach (var host in Hosts)
        {
            Assert.Equal(["no-vlan", "vlan-100", "vlan-200"], (await HostProbe.Portgroups(stack.BridgeOn(host, "sw1"))).Keys.Order(StringComparer.Ordinal));
        }
        Assert.Equal(HttpStatusCode.Accepted, await stack.Api.ActAsync(id, "rollback"));
        var undone = await stack.EndOfAsync(id);
        Assert.True(undone.GetProperty("status").GetString() == "RolledBack", undone.ToString());
        Assert.All(Hosts, host => Assert.Equal("RolledBack", ChildOn(undone, host).GetProperty("status").GetString()));
        foreach (var host in Hosts)
        {
            Assert.False(await HostProbe.BridgeExists(stack.BridgeOn(host, "sw1")));
            Assert.False(await HostProbe.NetworkExists(stack.BridgeOn(host, "sw1")));
        }
    }

    [Fact]
    public async Task when_one_host_fails_both_hosts_are_left_clean_and_the_parent_names_the_failing_host()
    {
        // Host B's create-switch fails twice transiently (so host A has time to make its part), then for good.
        stack.FailOn(stack.HostB, "create-switch", transientFirst: 2);
        try
        {
            var id = await stack.SubmitAsync("provision-switch", new { hosts = Hosts, bridge = "sw2", vlans = new[] { 100, 200 } });

            var done = await stack.EndOfAsync(id);

            Assert.True(done.GetProperty("status").GetString() == "RolledBack", done.ToString());
            Assert.Equal($"host {stack.HostB} failed: create-switch failed: injected permanent fault", done.GetProperty("compensationReason").GetString());
            var partB = ChildOn(done, stack.HostB);
            Assert.Equal("RolledBack", partB.GetProperty("status").GetString());
            Assert.Equal(3, partB.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "create-switch").GetProperty("attempts").GetInt32());
            // Host A made its part and undid it.
            var partA = ChildOn(done, stack.HostA);
            Assert.Equal("RolledBack", partA.GetProperty("status").GetString());
            Assert.Equal("Compensated", partA.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "create-switch").GetProperty("status").GetString());
            var eventsA = await stack.Api.EventsAsync(partA.GetProperty("id").GetGuid());
            Assert.Single(RequestJson.OfType(eventsA, "step_succeeded"), e => e.GetProperty("data").GetProperty("step").GetString() == "create-switch");
            Assert.Single(RequestJson.OfType(eventsA, "rollback_requested"));

            foreach (var host in Hosts)
            {
                Assert.False(await HostProbe.BridgeExists(stack.BridgeOn(host, "sw2")), host);
                Assert.False(await HostProbe.NetworkExists(stack.BridgeOn(host, "sw2")), host);
            }
        }
        finally
        {
            stack.ClearFaults(stack.HostB);
        }
    }

    [Fact]
    public async Task a_bad_switch_request_is_a_400_naming_each_field_and_starts_nothing()
    {
        var (status, body) = await stack.PostAsync("provision-switch", new { hosts = new[] { stack.HostA, stack.HostA.ToUpperInvariant() }, bridge = "sw3", vlans = new object[] { 100, 5000, "x" } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors");
        Assert.Contains("more than once", errors.GetProperty("parameters.hosts")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("must be a list of whole numbers", errors.GetProperty("parameters.vlans")[0].GetString());
        Assert.False(await HostProbe.BridgeExists(stack.BridgeOn(stack.HostA, "sw3")));
    }
}
