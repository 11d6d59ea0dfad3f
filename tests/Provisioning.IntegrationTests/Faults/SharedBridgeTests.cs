using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Faults;

/// <summary>
/// A bridge and libvirt network that were there before (made by hand, as in the seed estate) survive the
/// rollback of a request that used them; only the portgroup the request added goes.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class SharedBridgeTests(FaultStack stack)
{
    [Fact]
    public async Task a_rollback_leaves_a_pre_existing_bridge_and_network_and_removes_only_the_portgroup_it_added()
    {
        await using var scenario = stack.Begin("rollback on a pre-existing bridge and network", stack.Vm("shared"), stack.Bridge("sb"));
        var bridge = scenario.Bridge;
        await CreateSeedNetworkAsync(bridge);
        try
        {
            var uuidBefore = (await HostProbe.Virsh("net-uuid", bridge)).EnsureSuccess("virsh net-uuid").Stdout.Trim();
            stack.AgentFaults.Add(new InjectedFault("boot", "FailPermanent", scenario.Vm, Times: 1));

            // VLAN 200: the network has no portgroup for it yet, so the request adds one.
            var id = await stack.SubmitAsync(scenario.Vm, bridge, vlan: 200);
            var done = await stack.Api.WaitForEndAsync(id, FaultStack.SagaTimeout);

            Assert.True(done.GetProperty("status").GetString() == "RolledBack", $"request ended {RequestJson.Describe(done)}\n{stack.Agent.Tail()}");
            var bridgeStep = RequestJson.Step(done, "create-bridge").GetProperty("outputs");
            Assert.False(bridgeStep.GetProperty("bridgeCreated").GetBoolean());
            Assert.False(bridgeStep.GetProperty("networkCreated").GetBoolean());
            Assert.Equal(["vlan-200"], bridgeStep.GetProperty("portgroupsAdded").EnumerateArray().Select(p => p.GetString()));

            // The bridge and the network are the same ones, still up, with their own portgroups only.
            Assert.Equal(0, (await HostProbe.Ovs("br-exists", bridge)).ExitCode);
            Assert.Equal(uuidBefore, (await HostProbe.Virsh("net-uuid", bridge)).EnsureSuccess("virsh net-uuid").Stdout.Trim());
            Assert.Contains("yes", NetInfoLine((await HostProbe.Virsh("net-info", bridge)).EnsureSuccess("virsh net-info").Stdout, "Active:"), StringComparison.Ordinal);
            var xml = (await HostProbe.Virsh("net-dumpxml", bridge, "--inactive")).EnsureSuccess("virsh net-dumpxml").Stdout;
            Assert.Contains("name='vlan-100'", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("vlan-200", xml, StringComparison.Ordinal);
            // No lease or ownership marker of the request is left on the bridge.
            Assert.DoesNotContain("provisioning-", await BridgeExternalIdsAsync(bridge), StringComparison.Ordinal);

            await scenario.AssertHostCleanAsync(id, bridgeWasThere: true);
        }
        finally
        {
            await HostProbe.Virsh("net-destroy", bridge);
            await HostProbe.Virsh("net-undefine", bridge);
            await HostProbe.Ovs("--if-exists", "del-br", bridge);
        }
    }

    /// <summary>What an operator of the seed estate made by hand: an OVS bridge and a forward-bridge openvswitch network with a VLAN 100 portgroup.</summary>
    private static async Task CreateSeedNetworkAsync(string bridge)
    {
        // The datapath the agent's "auto" picks: the kernel's where the module is loaded, else userspace.
        var datapath = Directory.Exists("/sys/module/openvswitch") ? "system" : "netdev";
        (await HostProbe.Ovs("add-br", bridge, "--", "set", "bridge", bridge, $"datapath_type={datapath}")).EnsureSuccess("ovs-vsctl add-br");
        var file = Path.Combine(Path.GetTempPath(), $"{bridge}-network.xml");
        await File.WriteAllTextAsync(file, $"""
            <network>
              <name>{bridge}</name>
              <forward mode='bridge'/>
              <bridge name='{bridge}'/>
              <virtualport type='openvswitch'/>
              <portgroup name='no-vlan' default='yes'/>
              <portgroup name='vlan-100'><vlan><tag id='100'/></vlan></portgroup>
            </network>
            """);
        try
        {
            (await HostProbe.Virsh("net-define", file)).EnsureSuccess("virsh net-define");
        }
        finally
        {
            File.Delete(file);
        }
        (await HostProbe.Virsh("net-start", bridge)).EnsureSuccess("virsh net-start");
        (await HostProbe.Virsh("net-autostart", bridge)).EnsureSuccess("virsh net-autostart");
    }

    private static async Task<string> BridgeExternalIdsAsync(string bridge) =>
        (await HostProbe.Ovs("get", "Bridge", bridge, "external_ids")).EnsureSuccess("ovs-vsctl get").Stdout;

    private static string NetInfoLine(string info, string key) =>
        info.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(key, StringComparison.Ordinal)) ?? "";
}
