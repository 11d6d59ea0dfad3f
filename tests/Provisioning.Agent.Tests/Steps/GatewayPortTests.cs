using System.Net;
using Provisioning.Agent.Tests.Support;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Vm.Addressing;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>
/// attach-gateway on real OVS: the pool's gateway address on an internal port of the VM's bridge and VLAN, shared by
/// the VMs that rely on it, and removed by whichever undo lets go of it last, whoever made it.
/// </summary>
[Collection(SystemHostCollection.Name)]
public sealed class GatewayPortTests(SystemHostFixture host)
{
    [Fact]
    public async Task the_port_holds_the_gateway_on_its_vlan_and_stays_until_the_last_request_relying_on_it_is_undone()
    {
        var bridge = TestRun.Name("g");
        var network = $"10.{240 + Random.Shared.Next(10)}.{Random.Shared.Next(256)}";
        var lease = new VmAddressing("p", null, new Ipv4Lease(IPAddress.Parse(network + ".10"), 24, IPAddress.Parse(network + ".1"), [], GatewayPort: true));
        var maker = VmRequest.New(TestAgent.HostName, bridge, vlan: 100) with { Addressing = lease };
        var second = VmRequest.New(TestAgent.HostName, bridge, vlan: 100) with { Addressing = lease };
        var port = Naming.GatewayPort(bridge, 100);
        try
        {
            Assert.True((await host.Agent.Execute(maker, StepCatalog.CreateBridge.Name)).Succeeded);
            var made = await host.Agent.Execute(maker, StepCatalog.AttachGateway.Name);
            Assert.True(made.Succeeded, made.Error);
            Assert.True(made.Out(StepCatalog.AttachGateway).PortCreated);
            var found = await host.Agent.Execute(second, StepCatalog.AttachGateway.Name);
            Assert.True(found.Succeeded, found.Error);
            Assert.False(found.Out(StepCatalog.AttachGateway).PortCreated);

            Assert.Equal("100", (await HostProbe.Ovs("get", "Port", port, "tag")).EnsureSuccess("tag").Stdout.Trim());
            Assert.Equal("internal", (await HostProbe.Ovs("get", "Interface", port, "type")).Stdout.Trim());
            Assert.Contains($"inet {network}.1/24", (await HostProbe.Run("ip", "-4", "addr", "show", port)).Stdout);

            // The maker is undone first (it failed later, say): the second VM still relies on the port.
            Assert.True((await host.Agent.Compensate(maker, StepCatalog.AttachGateway.Name)).Succeeded);
            Assert.Equal(0, (await HostProbe.Ovs("get", "Port", port, "tag")).ExitCode);

            // The last one lets go: the port goes, twice is the same.
            for (var i = 0; i < 2; i++) Assert.True((await host.Agent.Compensate(second, StepCatalog.AttachGateway.Name)).Succeeded);
            Assert.NotEqual(0, (await HostProbe.Ovs("get", "Port", port, "tag")).ExitCode);
        }
        finally
        {
            await HostProbe.Ovs("--if-exists", "del-port", port);
            await host.Agent.Compensate(maker, StepCatalog.CreateBridge.Name);
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task a_port_an_operator_made_is_used_and_never_removed()
    {
        var bridge = TestRun.Name("g");
        var network = $"10.{240 + Random.Shared.Next(10)}.{Random.Shared.Next(256)}";
        var lease = new VmAddressing("p", null, new Ipv4Lease(IPAddress.Parse(network + ".10"), 24, IPAddress.Parse(network + ".1"), [], GatewayPort: true));
        var request = VmRequest.New(TestAgent.HostName, bridge, vlan: 100) with { Addressing = lease };
        var port = Naming.GatewayPort(bridge, 100);
        try
        {
            Assert.True((await host.Agent.Execute(request, StepCatalog.CreateBridge.Name)).Succeeded);
            (await HostProbe.Ovs("add-port", bridge, port, "tag=100", "--", "set", "interface", port, "type=internal")).EnsureSuccess("add-port");

            var found = await host.Agent.Execute(request, StepCatalog.AttachGateway.Name);
            Assert.True(found.Succeeded, found.Error);
            Assert.False(found.Out(StepCatalog.AttachGateway).PortCreated);
            Assert.True((await host.Agent.Compensate(request, StepCatalog.AttachGateway.Name)).Succeeded);

            Assert.Equal(0, (await HostProbe.Ovs("get", "Port", port, "tag")).ExitCode);
        }
        finally
        {
            await HostProbe.Ovs("--if-exists", "del-port", port);
            await host.Agent.Compensate(request, StepCatalog.CreateBridge.Name);
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }

    [Fact]
    public async Task decommissioning_the_last_vm_that_relied_on_the_port_removes_it()
    {
        var bridge = TestRun.Name("g");
        var network = $"10.{240 + Random.Shared.Next(10)}.{Random.Shared.Next(256)}";
        var lease = new VmAddressing("p", null, new Ipv4Lease(IPAddress.Parse(network + ".10"), 24, IPAddress.Parse(network + ".1"), [], GatewayPort: true));
        var vm = VmRequest.New(TestAgent.HostName, bridge, vlan: 100) with { Addressing = lease };
        var port = Naming.GatewayPort(bridge, 100);
        try
        {
            foreach (var step in new[] { StepCatalog.CreateBridge.Name, StepCatalog.AttachGateway.Name, StepCatalog.DefineDomain.Name, StepCatalog.AttachPort.Name })
            {
                var made = await host.Agent.Execute(vm, step);
                Assert.True(made.Succeeded, $"{step}: {made.Error}");
            }
            Assert.Equal(0, (await HostProbe.Ovs("get", "Port", port, "tag")).ExitCode);

            var decommission = VmOperation.Decommission(vm.Name);
            foreach (var step in new[] { StepCatalog.CheckOwner.Name, StepCatalog.ShutdownDomain.Name, StepCatalog.RemovePort.Name, StepCatalog.DeleteDisks.Name, StepCatalog.DeleteDomain.Name })
            {
                var result = await host.Agent.Run(decommission, step);
                Assert.True(result.Succeeded, $"{step}: {result.Error}");
            }

            Assert.NotEqual(0, (await HostProbe.Ovs("get", "Port", port, "tag")).ExitCode);
        }
        finally
        {
            await HostProbe.Clean(vm.Name, volume: (TestAgent.SystemPool, vm.Volume));
            await HostProbe.Ovs("--if-exists", "del-port", port);
            await host.Agent.Compensate(vm, StepCatalog.CreateBridge.Name);
            await HostProbe.Clean(network: bridge, bridge: bridge);
        }
    }
}
