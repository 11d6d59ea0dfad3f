using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>
/// Untagged VM ports are access ports on the host's native VLAN, on qemu:///system with real OVS: boot checks each
/// port's mode, and create-bridge migrates a network an earlier version made (untagged no-vlan, trunk ports).
/// </summary>
[Collection(SystemHostCollection.Name)]
public sealed class NativeVlanOnHostTests(SystemHostFixture host)
{
    private static readonly string[] Forward = [StepCatalog.CreateBridge.Name, StepCatalog.DefineDomain.Name, StepCatalog.AttachPort.Name, StepCatalog.Boot.Name];

    private TestAgent Agent => host.Agent;

    private int Native => Agent.Options.UntaggedVlan;

    [Fact]
    public async Task an_untagged_vm_boots_on_an_access_port_of_the_native_vlan_and_a_port_turned_into_a_trunk_fails_boot()
    {
        var request = VmRequest.New(TestAgent.HostName, TestRun.Name("n"), vlan: null);
        try
        {
            foreach (var step in Forward)
            {
                var done = await Agent.Execute(request, step);
                Assert.True(done.Succeeded, $"{step}: {done.Error}");
            }
            Assert.Equal(VlanIds.Native, Native);
            Assert.Equal(Native, (await HostProbe.Portgroups(request.Bridge))[NetworkXml.NoVlan]);
            var port = Assert.Single(await HostProbe.InterfacesWithIfaceId(request.RequestId.ToString("D")));
            Assert.Equal(Native.ToString(System.Globalization.CultureInfo.InvariantCulture), (await HostProbe.Ovs("get", "Port", port, "tag")).Stdout.Trim());
            Assert.Equal("[]", (await HostProbe.Ovs("get", "Port", port, "trunks")).Stdout.Trim());
            Assert.Equal("[]", (await HostProbe.Ovs("get", "Port", port, "vlan_mode")).Stdout.Trim());

            // Someone makes the port what earlier versions made: no tag, so a trunk of every VLAN on the bridge.
            Assert.Equal(0, (await HostProbe.Ovs("clear", "Port", port, "tag")).ExitCode);
            var untagged = await Agent.Execute(request, StepCatalog.Boot.Name);
            Assert.False(untagged.Succeeded);
            Assert.Equal(StepErrorKind.Permanent, untagged.ErrorKind);
            Assert.Contains($"OVS port {port} has no VLAN tag: it is a trunk of every VLAN", untagged.Error, StringComparison.Ordinal);

            // Or an explicit trunk.
            Assert.Equal(0, (await HostProbe.Ovs("set", "Port", port, "tag=" + Native, "vlan_mode=trunk", "trunks=100,200")).ExitCode);
            var trunk = await Agent.Execute(request, StepCatalog.Boot.Name);
            Assert.Equal(StepErrorKind.Permanent, trunk.ErrorKind);
            Assert.Contains("vlan_mode trunk", trunk.Error, StringComparison.Ordinal);

            // The failed boot is undone like any other: the guest stops.
            Assert.True((await Agent.Compensate(request, StepCatalog.Boot.Name)).Succeeded);
            Assert.NotEqual("running", await HostProbe.DomainState(request.Name));
            foreach (var step in Forward.Reverse().Skip(1))
            {
                var undone = await Agent.Compensate(request, step);
                Assert.True(undone.Succeeded, $"undoing {step}: {undone.Error}");
            }
            Assert.Empty(await HostProbe.LeftOfRequest(request.Name, request.Bridge, TestAgent.SystemPool, request.RequestId));
        }
        finally
        {
            await HostProbe.Clean(request.Name, request.Bridge, request.Bridge, (TestAgent.SystemPool, request.Volume));
        }
    }

    [Fact]
    public async Task create_bridge_migrates_an_old_untagged_network_and_its_running_guests_trunk_ports_and_its_undo_keeps_the_fix()
    {
        var bridge = TestRun.Name("m");
        var old = TestRun.Name("d");
        var gateway = TestRun.Name("g");
        var xmlFile = Path.Combine(Path.GetTempPath(), bridge + ".xml");
        try
        {
            // What an earlier version made: no-vlan without <vlan>, and a guest running in it on a port with no tag.
            Assert.Equal(0, (await HostProbe.Ovs("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev")).ExitCode);
            var xml = System.Xml.Linq.XElement.Parse(NetworkXml.Build(bridge, bridge, [100], Native));
            xml.Elements("portgroup").Single(p => (string?)p.Attribute("name") == NetworkXml.NoVlan).RemoveNodes();
            await File.WriteAllTextAsync(xmlFile, xml.ToString());
            Assert.Equal(0, (await HostProbe.Virsh("net-define", xmlFile)).ExitCode);
            Assert.Equal(0, (await HostProbe.Virsh("net-start", bridge)).ExitCode);
            Assert.Null((await HostProbe.Portgroups(bridge))[NetworkXml.NoVlan]);
            await DomainFiles.DefineWithInterface(old, bridge, NetworkXml.NoVlan);
            Assert.Equal(0, (await HostProbe.Virsh("start", old)).ExitCode);
            var guestPort = await GuestPort(old, bridge);
            Assert.Equal("[]", (await HostProbe.Ovs("get", "Port", guestPort, "tag")).Stdout.Trim());
            // A port of the host's own (a gateway, an uplink) is no guest of the portgroup: it must stay as it is.
            Assert.Equal(0, (await HostProbe.Ovs("add-port", bridge, gateway, "--", "set", "Interface", gateway, "type=internal")).ExitCode);

            var request = VmRequest.New(TestAgent.HostName, bridge, vlan: null);
            var made = await Agent.Execute(request, StepCatalog.CreateBridge.Name);

            Assert.True(made.Succeeded, made.Error);
            Assert.Empty(made.Out(StepCatalog.CreateBridge).PortgroupsAdded);
            Assert.Equal(Native, (await HostProbe.Portgroups(bridge, inactive: true))[NetworkXml.NoVlan]);
            Assert.Equal(Native, (await HostProbe.Portgroups(bridge, inactive: false))[NetworkXml.NoVlan]);
            Assert.Equal(100, (await HostProbe.Portgroups(bridge))["vlan-100"]);
            Assert.Equal(Native.ToString(System.Globalization.CultureInfo.InvariantCulture), (await HostProbe.Ovs("get", "Port", guestPort, "tag")).Stdout.Trim());
            Assert.Equal("[]", (await HostProbe.Ovs("get", "Port", gateway, "tag")).Stdout.Trim());

            // The migration is a repair, not the request's doing: the undo leaves it, and leaves what it did not make.
            var undo = await Agent.Compensate(request, StepCatalog.CreateBridge.Name, made.Outputs);
            Assert.True(undo.Succeeded, undo.Error);
            Assert.Equal(Native, (await HostProbe.Portgroups(bridge, inactive: true))[NetworkXml.NoVlan]);
            Assert.Equal(Native.ToString(System.Globalization.CultureInfo.InvariantCulture), (await HostProbe.Ovs("get", "Port", guestPort, "tag")).Stdout.Trim());
            Assert.Contains(bridge, await HostProbe.NetworkNames());
            Assert.Contains(gateway, (await HostProbe.Ovs("list-ports", bridge)).Stdout);

            // A second run finds nothing left to migrate and changes nothing.
            var again = await Agent.Execute(request, StepCatalog.CreateBridge.Name);
            Assert.True(again.Succeeded, again.Error);
            Assert.Equal(Native, (await HostProbe.Portgroups(bridge))[NetworkXml.NoVlan]);
            Assert.True((await Agent.Compensate(request, StepCatalog.CreateBridge.Name, again.Outputs)).Succeeded);
        }
        finally
        {
            File.Delete(xmlFile);
            await HostProbe.Clean(domain: old, network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task a_no_vlan_portgroup_tagging_another_vlan_is_refused_for_an_untagged_vm_and_left_alone()
    {
        var bridge = TestRun.Name("o");
        var xmlFile = Path.Combine(Path.GetTempPath(), bridge + ".xml");
        try
        {
            Assert.Equal(0, (await HostProbe.Ovs("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev")).ExitCode);
            await File.WriteAllTextAsync(xmlFile, NetworkXml.Build(bridge, bridge, [], untaggedVlan: 5));
            Assert.Equal(0, (await HostProbe.Virsh("net-define", xmlFile)).ExitCode);

            var refused = await Agent.Execute(VmRequest.New(TestAgent.HostName, bridge, vlan: null), StepCatalog.CreateBridge.Name);

            Assert.Equal(StepErrorKind.Permanent, refused.ErrorKind);
            Assert.Contains($"does not tag this host's native VLAN {Native}", refused.Error, StringComparison.Ordinal);
            Assert.Equal(5, (await HostProbe.Portgroups(bridge, inactive: true))[NetworkXml.NoVlan]);
        }
        finally
        {
            File.Delete(xmlFile);
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }

    /// <summary>The OVS port libvirt made (at the domain's start) for its one interface: its live target device.</summary>
    private static async Task<string> GuestPort(string domain, string bridge)
    {
        var live = System.Xml.Linq.XElement.Parse(await HostProbe.DomainXml(domain, inactive: false));
        var port = (string?)live.Element("devices")?.Element("interface")?.Element("target")?.Attribute("dev");
        Assert.NotNull(port);
        Assert.Equal(bridge, (await HostProbe.Ovs("port-to-br", port)).Stdout.Trim());
        return port;
    }
}
