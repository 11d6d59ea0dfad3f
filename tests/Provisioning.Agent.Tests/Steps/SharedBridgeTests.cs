using Provisioning.Domain.Steps;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>Bridges and networks are shared between requests and with what the operators made by hand.</summary>
[Collection(SystemHostCollection.Name)]
public sealed class SharedBridgeTests(SystemHostFixture host)
{
    [Fact]
    public async Task a_bridge_and_network_that_existed_before_survive_compensation_but_the_portgroup_the_request_added_is_removed()
    {
        var bridge = TestRun.Name("b");
        var xmlFile = Path.Combine(Path.GetTempPath(), bridge + ".xml");
        try
        {
            // Made "by hand", as the operators do: an untagged-only network on a netdev bridge.
            Assert.Equal(0, (await HostProbe.Ovs("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev")).ExitCode);
            await File.WriteAllTextAsync(xmlFile, NetworkXml.Build(bridge, bridge, [], VlanIds.Native));
            Assert.Equal(0, (await HostProbe.Virsh("net-define", xmlFile)).ExitCode);
            Assert.Equal(0, (await HostProbe.Virsh("net-start", bridge)).ExitCode);

            var request = VmRequest.New(TestAgent.HostName, bridge, vlan: 200);
            var created = await host.Agent.Execute(request, StepCatalog.CreateBridge.Name);
            Assert.True(created.Succeeded, created.Error);
            var made = created.Out(StepCatalog.CreateBridge);
            Assert.Equal((false, false), (made.BridgeCreated, made.NetworkCreated));
            Assert.Equal(["vlan-200"], made.PortgroupsAdded);
            Assert.Contains("vlan-200", await HostProbe.NetworkXml(bridge, inactive: true));
            Assert.Contains("vlan-200", await HostProbe.NetworkXml(bridge, inactive: false));
            Assert.Contains("yes", (await HostProbe.Virsh("net-info", bridge)).Stdout);

            // Compensation with no outputs at all (as after a timeout): the markers on the bridge suffice.
            for (var i = 0; i < 2; i++)
            {
                var removed = await host.Agent.Compensate(request, StepCatalog.CreateBridge.Name);
                Assert.True(removed.Succeeded, removed.Error);
            }

            Assert.Contains(bridge, await HostProbe.Bridges());
            Assert.Contains(bridge, await HostProbe.NetworkNames());
            Assert.DoesNotContain("vlan-200", await HostProbe.NetworkXml(bridge, inactive: true));
            Assert.DoesNotContain("vlan-200", await HostProbe.NetworkXml(bridge, inactive: false));
            Assert.DoesNotContain(await HostProbe.BridgeExternalIds(bridge), e => e.Key.StartsWith("provisioning-", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(xmlFile);
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task an_untagged_vm_on_a_network_made_without_portgroups_gets_the_untagged_one_and_its_undo_takes_it_back()
    {
        var bridge = TestRun.Name("b");
        var xmlFile = Path.Combine(Path.GetTempPath(), bridge + ".xml");
        try
        {
            // Made by hand without any portgroup: a VM's untagged NIC needs the default one.
            Assert.Equal(0, (await HostProbe.Ovs("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev")).ExitCode);
            var bare = System.Xml.Linq.XElement.Parse(NetworkXml.Build(bridge, bridge, [], VlanIds.Native));
            System.Xml.Linq.Extensions.Remove(bare.Elements("portgroup"));
            await File.WriteAllTextAsync(xmlFile, bare.ToString());
            Assert.Equal(0, (await HostProbe.Virsh("net-define", xmlFile)).ExitCode);
            Assert.Equal(0, (await HostProbe.Virsh("net-start", bridge)).ExitCode);

            var request = VmRequest.New(TestAgent.HostName, bridge, vlan: null);
            var made = await host.Agent.Execute(request, StepCatalog.CreateBridge.Name);

            Assert.True(made.Succeeded, made.Error);
            Assert.Equal([NetworkXml.NoVlan], made.Out(StepCatalog.CreateBridge).PortgroupsAdded);
            Assert.Contains(NetworkXml.NoVlan, NetworkXml.PortgroupNames(await HostProbe.NetworkXml(bridge, inactive: true)));
            Assert.True((await host.Agent.Compensate(request, StepCatalog.CreateBridge.Name, made.Outputs)).Succeeded);
            Assert.Contains(bridge, await HostProbe.NetworkNames());
            Assert.Empty(NetworkXml.PortgroupNames(await HostProbe.NetworkXml(bridge, inactive: true)));
        }
        finally
        {
            File.Delete(xmlFile);
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task a_bridge_another_request_still_relies_on_survives_the_compensation_of_the_request_that_created_it()
    {
        var bridge = TestRun.Name("b");
        var creator = VmRequest.New(TestAgent.HostName, bridge, vlan: 100);
        var user = VmRequest.New(TestAgent.HostName, bridge, vlan: 200);
        try
        {
            Assert.True((await host.Agent.Execute(creator, StepCatalog.CreateBridge.Name)).Succeeded);
            var second = await host.Agent.Execute(user, StepCatalog.CreateBridge.Name);
            Assert.True(second.Succeeded, second.Error);
            Assert.False(second.Out(StepCatalog.CreateBridge).BridgeCreated);
            Assert.Equal(["vlan-200"], second.Out(StepCatalog.CreateBridge).PortgroupsAdded);

            var undo = await host.Agent.Compensate(creator, StepCatalog.CreateBridge.Name);
            Assert.True(undo.Succeeded, undo.Error);
            Assert.Contains(bridge, await HostProbe.Bridges());
            Assert.Contains(bridge, await HostProbe.NetworkNames());
            Assert.Contains("vlan-200", await HostProbe.NetworkXml(bridge, inactive: true));

            // The creator handed its ownership to the request still relying on the bridge, so that one,
            // the last user, removes portgroup, network and bridge when it goes away.
            Assert.True((await host.Agent.Compensate(user, StepCatalog.CreateBridge.Name)).Succeeded);
            Assert.DoesNotContain(bridge, await HostProbe.NetworkNames());
            Assert.DoesNotContain(bridge, await HostProbe.Bridges());
            // The creator's undo again changes nothing and still succeeds.
            Assert.True((await host.Agent.Compensate(creator, StepCatalog.CreateBridge.Name)).Succeeded);
            Assert.DoesNotContain(bridge, await HostProbe.Bridges());
        }
        finally
        {
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task a_network_of_another_shape_under_the_bridge_name_is_refused_permanently_and_left_alone()
    {
        var bridge = TestRun.Name("b");
        var xmlFile = Path.Combine(Path.GetTempPath(), bridge + ".xml");
        try
        {
            // An isolated network (no forward, no OVS) that happens to carry the name.
            await File.WriteAllTextAsync(xmlFile, $"<network><name>{bridge}</name><bridge name='{bridge}x'/></network>");
            Assert.Equal(0, (await HostProbe.Virsh("net-define", xmlFile)).ExitCode);
            var before = await HostProbe.NetworkXml(bridge, inactive: true);

            var request = VmRequest.New(TestAgent.HostName, bridge);
            var result = await host.Agent.Execute(request, StepCatalog.CreateBridge.Name);
            Assert.False(result.Succeeded);
            Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
            Assert.Contains("not a forward-mode bridge network", result.Error);

            Assert.True((await host.Agent.Compensate(request, StepCatalog.CreateBridge.Name)).Succeeded);
            Assert.Equal(before, await HostProbe.NetworkXml(bridge, inactive: true));
            Assert.DoesNotContain(bridge, await HostProbe.Bridges());
        }
        finally
        {
            File.Delete(xmlFile);
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }
}
