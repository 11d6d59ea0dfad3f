using Provisioning.Domain.Steps;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>The whole provision-vm sequence on the real hypervisor: QEMU/KVM through libvirt, and OVS.</summary>
[Collection(SystemHostCollection.Name)]
public sealed class FullSequenceOnKvmTests(SystemHostFixture host)
{
    private static readonly string[] Forward = [StepCatalog.InstallHost.Name, StepCatalog.CreateBridge.Name, StepCatalog.DefineDomain.Name, StepCatalog.AttachPort.Name, StepCatalog.Boot.Name];

    [Fact]
    public async Task every_step_run_twice_boots_one_vm_on_its_vlan_and_compensation_run_twice_leaves_the_host_clean()
    {
        var agent = host.Agent;
        var request = VmRequest.New(TestAgent.HostName, TestRun.Prefix + "b", vlan: 100);
        try
        {
            var outputs = new Dictionary<string, System.Text.Json.JsonElement?>();
            foreach (var step in Forward)
            {
                var first = await agent.Execute(request, step);
                Assert.True(first.Succeeded, $"{step}: {first.Error}");
                var second = await agent.Execute(request, step);
                Assert.True(second.Succeeded, $"{step} (again): {second.Error}");
                Assert.Equal(first.Outputs?.GetRawText(), second.Outputs?.GetRawText());
                outputs[step] = first.Outputs;
            }

            var bridge = StepCatalog.CreateBridge.ReadOutputs(outputs[StepCatalog.CreateBridge.Name])!;
            Assert.Equal((true, true), (bridge.BridgeCreated, bridge.NetworkCreated));
            Assert.Equal(["vlan-100"], bridge.Portgroups);
            // The guest really runs: its firmware talks on the serial console, and it is still running after that.
            var serialLog = Path.Combine(TestAgent.SerialLogDirectory, request.Name + ".log");
            await Eventually.Until(() => Task.FromResult(File.Exists(serialLog) ? File.ReadAllText(serialLog) : ""),
                log => log.Contains("SeaBIOS", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "SeaBIOS on the serial console");
            Assert.Equal("running", await HostProbe.DomainState(request.Name));
            Assert.Single(await HostProbe.DomainNames(), n => n == request.Name);

            var ifaces = await HostProbe.InterfacesWithIfaceId(request.RequestId.ToString("D"));
            var port = Assert.Single(ifaces);
            Assert.Equal(StepCatalog.Boot.ReadOutputs(outputs[StepCatalog.Boot.Name])!.Port, port);
            Assert.Equal(request.Bridge, (await HostProbe.Ovs("port-to-br", port)).Stdout.Trim());
            Assert.Equal("100", (await HostProbe.Ovs("get", "Port", port, "tag")).Stdout.Trim());
            Assert.Contains(request.Mac, (await HostProbe.Ovs("get", "Interface", port, "external_ids:attached-mac")).Stdout);
            Assert.True(await HostProbe.VolumeExists(TestAgent.SystemPool, request.Volume));

            foreach (var step in Forward.Reverse())
            {
                var first = await agent.Compensate(request, step, outputs[step]);
                Assert.True(first.Succeeded, $"compensating {step}: {first.Error}");
                var second = await agent.Compensate(request, step, outputs[step]);
                Assert.True(second.Succeeded, $"compensating {step} (again): {second.Error}");
            }

            Assert.DoesNotContain(request.Name, await HostProbe.DomainNames());
            Assert.False(await HostProbe.VolumeExists(TestAgent.SystemPool, request.Volume));
            Assert.DoesNotContain(request.Bridge, await HostProbe.NetworkNames());
            Assert.DoesNotContain(request.Bridge, await HostProbe.Bridges());
            Assert.Empty(await HostProbe.InterfacesWithIfaceId(request.RequestId.ToString("D")));
        }
        finally
        {
            await HostProbe.Clean(request.Name, request.Bridge, request.Bridge, (TestAgent.SystemPool, request.Volume));
        }
    }
}
