using Provisioning.Domain.Steps;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Steps.Networking;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>create-switch and its undo on qemu:///system with real OVS: every portgroup at once, undone exactly.</summary>
[Collection(SystemHostCollection.Name)]
public sealed class SwitchOnHostTests(SystemHostFixture host)
{
    private TestAgent Agent => host.Agent;

    [Fact]
    public async Task a_switch_gets_its_bridge_and_a_running_autostarted_network_with_every_vlan_portgroup_and_is_undone_completely()
    {
        var bridge = TestRun.Name("s");
        var request = SwitchRequest.Create(bridge, [100, 200]);
        try
        {
            var first = await Agent.Execute(request, StepCatalog.CreateSwitch.Name);
            var again = await Agent.Execute(request, StepCatalog.CreateSwitch.Name);

            Assert.True(first.Succeeded, first.Error);
            Assert.Equal(first.Outputs?.GetRawText(), again.Outputs?.GetRawText());
            var switchMade = first.Out(StepCatalog.CreateSwitch);
            Assert.Equal((true, true), (switchMade.BridgeCreated, switchMade.NetworkCreated));
            Assert.Equal(["vlan-100", "vlan-200"], switchMade.PortgroupsAdded);
            Assert.Contains(bridge, await HostProbe.Bridges());
            var xml = await HostProbe.NetworkXml(bridge, inactive: false);
            Assert.Equal(["no-vlan", "vlan-100", "vlan-200"], NetworkXml.PortgroupNames(xml));
            Assert.Contains("<tag id='200'/>", xml, StringComparison.Ordinal);
            var info = (await HostProbe.Virsh("net-info", bridge)).Stdout;
            Assert.Matches(@"Active:\s+yes", info);
            Assert.Matches(@"Autostart:\s+yes", info);
            Assert.Equal("vlan-100,vlan-200", (await HostProbe.BridgeExternalIds(bridge))[BridgeMarkers.User(request.RequestId)]);

            // The undo with no outputs at all (as after a timeout): the markers on the bridge suffice; twice is harmless.
            for (var i = 0; i < 2; i++)
            {
                var undo = await Agent.Compensate(request, StepCatalog.CreateSwitch.Name);
                Assert.True(undo.Succeeded, undo.Error);
            }
            Assert.DoesNotContain(bridge, await HostProbe.Bridges());
            Assert.DoesNotContain(bridge, await HostProbe.NetworkNames());
        }
        finally
        {
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task the_network_may_have_a_name_of_its_own_and_the_uplink_nic_is_plugged_in_and_only_unplugged_by_the_undo()
    {
        var bridge = TestRun.Name("s");
        var network = TestRun.Name("lan");
        var nic = TestRun.Name("u");
        try
        {
            // A tap device stands in for the host's physical NIC (em1 in the seed estate).
            Assert.Equal(0, (await HostProbe.Run("ip", "tuntap", "add", "dev", nic, "mode", "tap")).ExitCode);
            var request = SwitchRequest.Create(bridge, [], uplink: nic, network: network);

            var made = await Agent.Execute(request, StepCatalog.CreateSwitch.Name);

            Assert.True(made.Succeeded, made.Error);
            Assert.Equal((true, network), (made.Out(StepCatalog.CreateSwitch).UplinkAdded, made.Out(StepCatalog.CreateSwitch).Network));
            Assert.Contains(nic, (await HostProbe.Ovs("list-ports", bridge)).Stdout);
            Assert.Equal(bridge, NetworkXml.BridgeOf(await HostProbe.NetworkXml(network, inactive: true)));
            Assert.Equal(["no-vlan"], NetworkXml.PortgroupNames(await HostProbe.NetworkXml(network, inactive: true)));

            Assert.True((await Agent.Compensate(request, StepCatalog.CreateSwitch.Name, made.Outputs)).Succeeded);
            Assert.DoesNotContain(bridge, await HostProbe.Bridges());
            Assert.DoesNotContain(network, await HostProbe.NetworkNames());
            Assert.True(Directory.Exists("/sys/class/net/" + nic));
        }
        finally
        {
            await HostProbe.Clean(network: network, bridge: bridge);
            await HostProbe.Run("ip", "link", "del", nic);
        }
    }

    [Fact]
    public async Task a_missing_uplink_fails_permanently_before_anything_is_made()
    {
        var bridge = TestRun.Name("s");
        var request = SwitchRequest.Create(bridge, [100], uplink: TestRun.Name("nope"));

        var result = await Agent.Execute(request, StepCatalog.CreateSwitch.Name);

        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.DoesNotContain(bridge, await HostProbe.Bridges());
    }

    [Fact]
    public async Task the_undo_leaves_what_a_vm_request_made_before_and_removes_only_the_portgroup_the_switch_added()
    {
        var bridge = TestRun.Name("s");
        var vm = VmRequest.New(TestAgent.HostName, bridge, vlan: 100);
        var request = SwitchRequest.Create(bridge, [100, 200]);
        try
        {
            Assert.True((await Agent.Execute(vm, StepCatalog.CreateBridge.Name)).Succeeded);
            var made = await Agent.Execute(request, StepCatalog.CreateSwitch.Name);
            Assert.True(made.Succeeded, made.Error);
            var switchMade = made.Out(StepCatalog.CreateSwitch);
            Assert.Equal((false, false), (switchMade.BridgeCreated, switchMade.NetworkCreated));
            Assert.Equal(["vlan-200"], switchMade.PortgroupsAdded);

            var undo = await Agent.Compensate(request, StepCatalog.CreateSwitch.Name, made.Outputs);

            Assert.True(undo.Succeeded, undo.Error);
            Assert.Contains(bridge, await HostProbe.Bridges());
            Assert.Equal(["no-vlan", "vlan-100"], NetworkXml.PortgroupNames(await HostProbe.NetworkXml(bridge, inactive: true)));
            var markers = await HostProbe.BridgeExternalIds(bridge);
            Assert.Equal(vm.RequestId.ToString("D"), markers[BridgeMarkers.Bridge]);
            Assert.DoesNotContain(markers, m => m.Value == request.RequestId.ToString("D") || m.Key.Contains(request.RequestId.ToString("D"), StringComparison.Ordinal));

            // And the VM request, the last user, still removes what it made.
            Assert.True((await Agent.Compensate(vm, StepCatalog.CreateBridge.Name)).Succeeded);
            Assert.DoesNotContain(bridge, await HostProbe.Bridges());
        }
        finally
        {
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task a_switch_rolled_back_while_a_vm_request_relies_on_it_keeps_it_and_hands_it_to_that_request()
    {
        var bridge = TestRun.Name("s");
        var request = SwitchRequest.Create(bridge, [100, 200]);
        var vm = VmRequest.New(TestAgent.HostName, bridge, vlan: 200);
        try
        {
            Assert.True((await Agent.Execute(request, StepCatalog.CreateSwitch.Name)).Succeeded);
            var leased = await Agent.Execute(vm, StepCatalog.CreateBridge.Name);
            Assert.True(leased.Succeeded, leased.Error);
            Assert.Empty(leased.Out(StepCatalog.CreateBridge).PortgroupsAdded);

            var undo = await Agent.Compensate(request, StepCatalog.CreateSwitch.Name);

            Assert.True(undo.Succeeded, undo.Error);
            Assert.Contains(bridge, await HostProbe.Bridges());
            Assert.Equal(["no-vlan", "vlan-200"], NetworkXml.PortgroupNames(await HostProbe.NetworkXml(bridge, inactive: true)));
            Assert.Equal(vm.RequestId.ToString("D"), (await HostProbe.BridgeExternalIds(bridge))[BridgeMarkers.Bridge]);

            Assert.True((await Agent.Compensate(vm, StepCatalog.CreateBridge.Name)).Succeeded);
            Assert.DoesNotContain(bridge, await HostProbe.Bridges());
            Assert.DoesNotContain(bridge, await HostProbe.NetworkNames());
        }
        finally
        {
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task a_portgroup_a_domain_interface_uses_survives_the_undo_with_its_network_and_the_unused_one_goes()
    {
        var bridge = TestRun.Name("s");
        var domain = TestRun.Name("d");
        var request = SwitchRequest.Create(bridge, [100, 200]);
        try
        {
            Assert.True((await Agent.Execute(request, StepCatalog.CreateSwitch.Name)).Succeeded);
            await DomainFiles.DefineWithInterface(domain, bridge, "vlan-200");

            var undo = await Agent.Compensate(request, StepCatalog.CreateSwitch.Name);

            Assert.True(undo.Succeeded, undo.Error);
            Assert.Contains(bridge, await HostProbe.NetworkNames());
            Assert.Equal(["no-vlan", "vlan-200"], NetworkXml.PortgroupNames(await HostProbe.NetworkXml(bridge, inactive: true)));
            Assert.Contains("portgroup vlan-200: used by a domain interface", undo.Undo().Kept);
        }
        finally
        {
            await HostProbe.Clean(domain: domain, network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task an_existing_portgroup_of_a_vlans_name_that_tags_another_vlan_is_refused_and_left_alone()
    {
        var bridge = TestRun.Name("s");
        var file = Path.Combine(Path.GetTempPath(), bridge + ".xml");
        try
        {
            Assert.Equal(0, (await HostProbe.Ovs("add-br", bridge)).ExitCode);
            var xml = NetworkXml.Build(bridge, bridge, [101], VlanIds.Native).Replace("vlan-101", "vlan-100", StringComparison.Ordinal);
            await File.WriteAllTextAsync(file, xml);
            Assert.Equal(0, (await HostProbe.Virsh("net-define", file)).ExitCode);

            var result = await Agent.Execute(SwitchRequest.Create(bridge, [100]), StepCatalog.CreateSwitch.Name);

            Assert.False(result.Succeeded);
            Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
            Assert.Contains("does not tag VLAN 100", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(await HostProbe.BridgeExternalIds(bridge), m => m.Key.StartsWith("provisioning-", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task an_agent_with_a_bridge_name_prefix_makes_the_switch_under_its_own_names()
    {
        var prefix = TestRun.Prefix + "x";
        var request = SwitchRequest.Create("sw", [100]);
        using var agent = TestAgent.Start(TestRun.SystemUri, TestAgent.SystemPool, TestAgent.SystemPoolPath,
            overrides: new Dictionary<string, string?> { ["Agent:BridgeNamePrefix"] = prefix });
        try
        {
            var made = await agent.Execute(request, StepCatalog.CreateSwitch.Name);

            Assert.True(made.Succeeded, made.Error);
            Assert.Equal(prefix + "sw", made.Out(StepCatalog.CreateSwitch).Bridge);
            Assert.Contains(prefix + "sw", await HostProbe.Bridges());
            Assert.Contains(prefix + "sw", await HostProbe.NetworkNames());
            Assert.DoesNotContain("sw", await HostProbe.Bridges());

            Assert.True((await agent.Compensate(request, StepCatalog.CreateSwitch.Name)).Succeeded);
            Assert.DoesNotContain(prefix + "sw", await HostProbe.Bridges());
        }
        finally
        {
            await HostProbe.Clean(network: prefix + "sw", bridge: prefix + "sw");
        }
    }
}
