using Provisioning.Domain.Steps;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>
/// decommission-vm on the real hypervisor: a VM provisioned by the five steps leaves nothing behind (domain,
/// volume, OVS port with its iface-id); a VM made by hand is refused untouched unless the request forces it.
/// </summary>
[Collection(SystemHostCollection.Name)]
public sealed class DecommissionOnKvmTests(SystemHostFixture host)
{
    private static readonly string[] Provision = [StepCatalog.InstallHost.Name, StepCatalog.CreateBridge.Name, StepCatalog.DefineDomain.Name, StepCatalog.AttachPort.Name, StepCatalog.Boot.Name];

    private static readonly string[] Decommission = [StepCatalog.CheckOwner.Name, StepCatalog.ShutdownDomain.Name, StepCatalog.RemovePort.Name, StepCatalog.DeleteDisks.Name, StepCatalog.DeleteDomain.Name];

    private TestAgent Agent => host.Agent;

    [Fact]
    public async Task decommission_of_a_provisioned_running_vm_with_every_step_run_twice_leaves_no_domain_volume_or_port()
    {
        var vm = VmRequest.New(TestAgent.HostName, TestRun.Name("b"), vlan: 100);
        var ifaceId = vm.RequestId.ToString("D");
        var stale = TestRun.Name("s");
        try
        {
            foreach (var step in Provision)
            {
                var result = await Agent.Execute(vm, step);
                Assert.True(result.Succeeded, $"{step}: {result.Error}");
            }
            Assert.Single(await HostProbe.InterfacesWithIfaceId(ifaceId));

            var decommission = VmOperation.Decommission(vm.Name);
            var outputs = new Dictionary<string, System.Text.Json.JsonElement?>();
            foreach (var step in Decommission)
            {
                if (step == StepCatalog.RemovePort.Name)
                {
                    // libvirt removed the guest's port when it stopped; a crash can leave one behind: plant one.
                    Assert.Empty(await HostProbe.InterfacesWithIfaceId(ifaceId));
                    Assert.Equal(0, (await HostProbe.Ovs("add-port", vm.Bridge, stale, "--", "set", "Interface", stale, "type=internal",
                        $"external_ids:iface-id=\"{ifaceId}\"")).ExitCode);
                }
                for (var run = 1; run <= 2; run++)
                {
                    var result = await Agent.Run(decommission, step);
                    Assert.True(result.Succeeded, $"{step} (run {run}): {result.Error}");
                    if (run == 1) outputs[step] = result.Outputs;
                }
            }

            var owner = StepCatalog.CheckOwner.ReadOutputs(outputs[StepCatalog.CheckOwner.Name])!;
            Assert.Equal((Guid.Parse(ifaceId), "provisioning"), (owner.OriginRequest, owner.Owner));
            Assert.Equal(Guid.Parse(ifaceId), StepCatalog.DeleteDomain.ReadOutputs(outputs[StepCatalog.DeleteDomain.Name])!.Vm!.OriginRequest);
            Assert.Equal("destroyed", StepCatalog.ShutdownDomain.ReadOutputs(outputs[StepCatalog.ShutdownDomain.Name])!.StoppedBy);
            Assert.Equal([stale], StepCatalog.RemovePort.ReadOutputs(outputs[StepCatalog.RemovePort.Name])!.PortsRemoved);
            Assert.Equal([vm.Mac], StepCatalog.RemovePort.ReadOutputs(outputs[StepCatalog.RemovePort.Name])!.NicsRemoved);
            Assert.EndsWith(vm.Volume, Assert.Single(StepCatalog.DeleteDisks.ReadOutputs(outputs[StepCatalog.DeleteDisks.Name])!.Deleted), StringComparison.Ordinal);

            Assert.DoesNotContain(vm.Name, await HostProbe.DomainNames());
            Assert.False(await HostProbe.VolumeExists(TestAgent.SystemPool, vm.Volume));
            Assert.Empty(await HostProbe.InterfacesWithIfaceId(ifaceId));
            Assert.DoesNotContain(stale, (await HostProbe.Ovs("list-ports", vm.Bridge)).Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await HostProbe.Ovs("--if-exists", "del-port", stale);
            await HostProbe.Clean(vm.Name, vm.Bridge, vm.Bridge, (TestAgent.SystemPool, vm.Volume));
        }
    }

    [Fact]
    public async Task a_vm_made_by_hand_is_refused_by_every_step_and_left_running_and_force_removes_it_with_its_volume()
    {
        var name = TestRun.Name("vm");
        var volume = name + ".qcow2";
        var uuid = Guid.NewGuid();
        var xmlFile = Path.Combine(Path.GetTempPath(), name + ".xml");
        try
        {
            Agent.Libvirt.EnsureDirPool(TestAgent.SystemPool, TestAgent.SystemPoolPath);
            Assert.Equal(0, (await HostProbe.Virsh("vol-create-as", TestAgent.SystemPool, volume, "64M", "--format", "qcow2")).ExitCode);
            var path = (await HostProbe.Virsh("vol-path", "--pool", TestAgent.SystemPool, volume)).Stdout.Trim();
            await File.WriteAllTextAsync(xmlFile, DomainXml.Build(new DomainSpec(name, uuid, 64, 1, path, "kvm", "custom:qemu64", null,
                "made by hand", new Dictionary<string, string>())));
            Assert.Equal(0, (await HostProbe.Virsh("define", xmlFile)).ExitCode);
            Assert.Equal(0, (await HostProbe.Virsh("start", name)).ExitCode);

            var unforced = VmOperation.Decommission(name);
            foreach (var step in Decommission.Where(s => s != StepCatalog.ShutdownDomain.Name))
            {
                var refused = await Agent.Run(unforced, step);
                Assert.False(refused.Succeeded, $"{step} accepted a VM Provisioning did not make");
                Assert.Equal(StepErrorKind.Permanent, refused.ErrorKind);
                Assert.Contains("was not created by Provisioning", refused.Error, StringComparison.Ordinal);
                Assert.Contains("force", refused.Error, StringComparison.Ordinal);
            }
            Assert.Equal("running", await HostProbe.DomainState(name));
            Assert.Equal(uuid.ToString("D"), (await HostProbe.Virsh("domuuid", name)).Stdout.Trim());
            Assert.True(await HostProbe.VolumeExists(TestAgent.SystemPool, volume));

            var forced = VmOperation.Decommission(name, force: true);
            var owner = await Agent.Run(forced, StepCatalog.CheckOwner.Name);
            foreach (var step in Decommission)
            {
                var result = await Agent.Run(forced, step);
                Assert.True(result.Succeeded, $"{step}: {result.Error}");
            }

            Assert.Equal("foreign (forced)", owner.Out(StepCatalog.CheckOwner).Owner);
            Assert.Null(owner.Out(StepCatalog.CheckOwner).OriginRequest);
            Assert.DoesNotContain(name, await HostProbe.DomainNames());
            Assert.False(await HostProbe.VolumeExists(TestAgent.SystemPool, volume));
            Assert.False(File.Exists(path));
        }
        finally
        {
            File.Delete(xmlFile);
            await HostProbe.Clean(domain: name, volume: (TestAgent.SystemPool, volume));
        }
    }
}
