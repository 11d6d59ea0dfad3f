using Provisioning.Domain.Steps;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Steps.Networking;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>change-vlans and its undo on qemu:///system with real OVS.</summary>
[Collection(SystemHostCollection.Name)]
public sealed class VlanChangeOnHostTests(SystemHostFixture host)
{
    private TestAgent Agent => host.Agent;

    private async Task<(string Bridge, SwitchRequest Switch)> SwitchWith(params int[] vlans)
    {
        var bridge = TestRun.Name("v");
        var request = SwitchRequest.Create(bridge, vlans);
        var made = await Agent.Execute(request, StepCatalog.CreateSwitch.Name);
        Assert.True(made.Succeeded, made.Error);
        return (bridge, request);
    }

    private static async Task<IReadOnlyList<string>> Portgroups(string network, bool inactive = true) =>
        NetworkXml.PortgroupNames(await HostProbe.NetworkXml(network, inactive));

    [Fact]
    public async Task a_vlan_is_added_and_another_removed_and_the_undo_puts_both_back_with_the_owner()
    {
        var (bridge, @switch) = await SwitchWith(100, 200);
        try
        {
            var change = SwitchRequest.Change(bridge, add: [300], remove: [200]);

            var first = await Agent.Execute(change, StepCatalog.ChangeVlans.Name);
            var again = await Agent.Execute(change, StepCatalog.ChangeVlans.Name);

            Assert.True(first.Succeeded, first.Error);
            Assert.Equal(first.Outputs?.GetRawText(), again.Outputs?.GetRawText());
            var changed = first.Out(StepCatalog.ChangeVlans);
            Assert.Equal(["vlan-300"], changed.PortgroupsAdded);
            Assert.Equal(["vlan-200"], changed.PortgroupsRemoved);
            Assert.Equal(["no-vlan", "vlan-100", "vlan-300"], await Portgroups(bridge));
            Assert.Equal(["no-vlan", "vlan-100", "vlan-300"], await Portgroups(bridge, inactive: false));
            var markers = await HostProbe.BridgeExternalIds(bridge);
            Assert.Equal(@switch.RequestId.ToString("D"), markers[BridgeMarkers.Removed(change.RequestId, "vlan-200")]);
            Assert.False(markers.ContainsKey(BridgeMarkers.Portgroup("vlan-200")));

            for (var i = 0; i < 2; i++)
            {
                var undo = await Agent.Compensate(change, StepCatalog.ChangeVlans.Name);
                Assert.True(undo.Succeeded, undo.Error);
            }

            Assert.Equal(["no-vlan", "vlan-100", "vlan-200"], await Portgroups(bridge));
            Assert.Equal(["no-vlan", "vlan-100", "vlan-200"], await Portgroups(bridge, inactive: false));
            markers = await HostProbe.BridgeExternalIds(bridge);
            Assert.Equal(@switch.RequestId.ToString("D"), markers[BridgeMarkers.Portgroup("vlan-200")]);
            Assert.DoesNotContain(markers, m => m.Key.Contains(change.RequestId.ToString("D"), StringComparison.Ordinal) || m.Value == change.RequestId.ToString("D"));

            // The switch's own undo still removes everything, the restored portgroup included.
            Assert.True((await Agent.Compensate(@switch, StepCatalog.CreateSwitch.Name)).Succeeded);
            Assert.DoesNotContain(bridge, await HostProbe.Bridges());
            Assert.DoesNotContain(bridge, await HostProbe.NetworkNames());
        }
        finally
        {
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task removing_a_vlan_a_tagged_ovs_port_uses_is_refused_and_nothing_changes()
    {
        var (bridge, _) = await SwitchWith(100, 200);
        var port = TestRun.Name("p");
        try
        {
            Assert.Equal(0, (await HostProbe.Ovs("add-port", bridge, port, "tag=200", "--", "set", "Interface", port, "type=internal")).ExitCode);
            var before = await HostProbe.BridgeExternalIds(bridge);

            var result = await Agent.Execute(SwitchRequest.Change(bridge, add: [300], remove: [200]), StepCatalog.ChangeVlans.Name);

            Assert.False(result.Succeeded);
            Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
            Assert.Contains($"VLAN 200 is used by OVS port {port} (tag 200)", result.Error, StringComparison.Ordinal);
            Assert.Equal(["no-vlan", "vlan-100", "vlan-200"], await Portgroups(bridge));
            Assert.Equal(before, await HostProbe.BridgeExternalIds(bridge));
        }
        finally
        {
            await HostProbe.Ovs("--if-exists", "del-port", port);
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task removing_a_vlan_a_domain_interface_is_in_is_refused_naming_the_domain()
    {
        var (bridge, _) = await SwitchWith(100, 200);
        var domain = TestRun.Name("d");
        try
        {
            await DomainFiles.DefineWithInterface(domain, bridge, "vlan-100");

            var result = await Agent.Execute(SwitchRequest.Change(bridge, add: [], remove: [100, 200]), StepCatalog.ChangeVlans.Name);

            Assert.False(result.Succeeded);
            Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
            Assert.Contains($"VLAN 100 is used by domain {domain} (portgroup vlan-100)", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("VLAN 200", result.Error, StringComparison.Ordinal);
            Assert.Equal(["no-vlan", "vlan-100", "vlan-200"], await Portgroups(bridge));
        }
        finally
        {
            await HostProbe.Clean(domain: domain, network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task a_trunk_port_carrying_the_vlan_counts_as_a_user_too()
    {
        var (bridge, _) = await SwitchWith(200);
        var port = TestRun.Name("p");
        try
        {
            Assert.Equal(0, (await HostProbe.Ovs("add-port", bridge, port, "trunks=100,200", "--", "set", "Interface", port, "type=internal")).ExitCode);

            var result = await Agent.Execute(SwitchRequest.Change(bridge, add: [], remove: [200]), StepCatalog.ChangeVlans.Name);

            Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
            Assert.Contains($"OVS port {port} (trunks 200)", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            await HostProbe.Ovs("--if-exists", "del-port", port);
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task changing_a_switch_the_host_does_not_have_fails_permanently()
    {
        var result = await Agent.Execute(SwitchRequest.Change(TestRun.Name("none"), add: [300], remove: []), StepCatalog.ChangeVlans.Name);

        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Contains("there is no libvirt network", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_undo_keeps_an_added_portgroup_that_a_domain_started_using()
    {
        var (bridge, _) = await SwitchWith(100);
        var domain = TestRun.Name("d");
        try
        {
            var change = SwitchRequest.Change(bridge, add: [300], remove: []);
            Assert.True((await Agent.Execute(change, StepCatalog.ChangeVlans.Name)).Succeeded);
            await DomainFiles.DefineWithInterface(domain, bridge, "vlan-300");

            var undo = await Agent.Compensate(change, StepCatalog.ChangeVlans.Name);

            Assert.True(undo.Succeeded, undo.Error);
            Assert.Contains("portgroup vlan-300: in use", undo.Undo().Kept);
            Assert.Contains("vlan-300", await Portgroups(bridge));
        }
        finally
        {
            await HostProbe.Clean(domain: domain, network: bridge, bridge: bridge);
        }
    }
}
