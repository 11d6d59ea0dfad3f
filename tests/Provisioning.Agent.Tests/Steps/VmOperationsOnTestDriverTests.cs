using Provisioning.Domain.Steps;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Tests.Libvirt;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>
/// Decommission and day-two steps against libvirt's test driver (fast, in-process): the paths the real guests
/// here cannot show (a guest that honours ACPI), and refusals that must change nothing.
/// </summary>
public sealed class VmOperationsOnTestDriverTests : IDisposable
{
    private static readonly string[] Decommission = [StepCatalog.CheckOwner.Name, StepCatalog.ShutdownDomain.Name, StepCatalog.RemovePort.Name, StepCatalog.DeleteDisks.Name, StepCatalog.DeleteDomain.Name];

    private readonly TestAgent agent = TestAgent.OnTestDriver();
    private readonly LibvirtConnection probe = LibvirtConnection.Open("test:///default");
    private readonly List<string> domains = [];

    [Fact]
    public async Task decommission_with_every_step_run_twice_removes_the_domain_its_snapshots_and_its_volume()
    {
        var vm = await Defined();
        await Succeeds(VmOperation.Snapshot(vm.Name, SnapshotAction.Create, "s1"), StepCatalog.SnapshotDomain.Name);
        var decommission = VmOperation.Decommission(vm.Name);

        foreach (var step in Decommission)
        {
            await Succeeds(decommission, step);
            await Succeeds(decommission, step);
        }

        Assert.Null(probe.FindDomain(vm.Name));
        Assert.Null(probe.FindVolume(agent.Options.StoragePool, vm.Volume));
    }

    [Fact]
    public async Task a_guest_that_honours_acpi_is_shut_off_without_being_destroyed()
    {
        var vm = await Defined();
        await Succeeds(VmOperation.Start(vm.Name), StepCatalog.StartDomain.Name);

        var stopped = await Succeeds(VmOperation.Stop(vm.Name), StepCatalog.ShutdownDomain.Name);

        Assert.Equal("acpi", stopped.Out(StepCatalog.ShutdownDomain).StoppedBy);
        Assert.Equal(DomainState.Shutoff, probe.GetDomainState(vm.DomainUuid));
    }

    [Fact]
    public async Task a_grace_of_zero_destroys_at_once()
    {
        var vm = await Defined();
        await Succeeds(VmOperation.Start(vm.Name), StepCatalog.StartDomain.Name);

        var stopped = await Succeeds(VmOperation.Stop(vm.Name, graceSeconds: 0), StepCatalog.ShutdownDomain.Name);

        Assert.Equal("destroyed", stopped.Out(StepCatalog.ShutdownDomain).StoppedBy);
    }

    [Fact]
    public async Task reboot_of_a_shut_off_vm_starts_it()
    {
        var vm = await Defined();

        await Succeeds(VmOperation.Reboot(vm.Name), StepCatalog.RebootDomain.Name);

        Assert.Equal(DomainState.Running, probe.GetDomainState(vm.DomainUuid));
    }

    [Fact]
    public async Task a_clone_that_carries_provisioning_metadata_under_another_uuid_is_not_provisionings()
    {
        var name = TestRun.Name("vm");
        domains.Add(name);
        probe.DefineDomain(DomainXml.Build(Specs.TestDomain(name) with
        {
            Metadata = new Dictionary<string, string> { ["request"] = Guid.NewGuid().ToString("D") },
        }));

        var result = await agent.Run(VmOperation.Decommission(name), StepCatalog.CheckOwner.Name);

        Assert.False(result.Succeeded);
        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Contains("a clone or a copy", result.Error, StringComparison.Ordinal);
        Assert.NotNull(probe.FindDomain(name));
    }

    [Fact]
    public async Task decommission_of_a_vm_that_is_not_there_fails_for_good()
    {
        var name = TestRun.Name("vm");

        var result = await agent.Run(VmOperation.Decommission(name), StepCatalog.CheckOwner.Name);

        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Contains($"no VM named {name}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_command_whose_parameters_break_the_rules_fails_for_good_and_touches_nothing()
    {
        var vm = await Defined();
        var bad = new VmOperation(Guid.NewGuid(), "decommission-vm", new Dictionary<string, string>
        {
            ["name"] = vm.Name, ["host"] = TestAgent.HostName, ["force"] = "yes please",
        });

        var result = await agent.Run(bad, StepCatalog.CheckOwner.Name);

        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Contains("force", result.Error, StringComparison.Ordinal);
        Assert.NotNull(probe.FindDomain(vm.Name));
    }

    [Fact]
    public async Task resize_rewrites_the_definition_and_a_second_run_changes_nothing()
    {
        var vm = await Defined();
        var resize = VmOperation.Resize(vm.Name, memoryMiB: 256, vcpus: 3);

        await Succeeds(resize, StepCatalog.ResizeDomain.Name);
        var xml = probe.GetDomainXml(vm.DomainUuid, inactive: true);
        var again = await Succeeds(resize, StepCatalog.ResizeDomain.Name);

        Assert.Equal(new DomainSize(256 * 1024, 256 * 1024, 3, 3, null), DomainSizing.Of(xml));
        Assert.Equal((256, 3), (again.Out(StepCatalog.ResizeDomain).PreviousMemoryMiB, again.Out(StepCatalog.ResizeDomain).PreviousVcpus));
        Assert.Equal(xml, probe.GetDomainXml(vm.DomainUuid, inactive: true));
    }

    [Fact]
    public async Task a_snapshot_name_taken_by_someone_else_is_refused()
    {
        var vm = await Defined();
        probe.CreateSnapshot(vm.DomainUuid, SnapshotXml.Build("mine", "taken by hand"));

        var result = await agent.Run(VmOperation.Snapshot(vm.Name, SnapshotAction.Create, "mine"), StepCatalog.SnapshotDomain.Name);

        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Contains("taken by hand", result.Error, StringComparison.Ordinal);
        Assert.Equal("taken by hand", probe.FindSnapshot(vm.DomainUuid, "mine")!.Description);
    }

    public void Dispose()
    {
        foreach (var name in domains)
        {
            if (probe.FindDomain(name) is not { } domain) continue;
            if (domain.Active) probe.DestroyDomain(domain.Uuid);
            probe.UndefineDomain(domain.Uuid);
        }
        if (probe.FindPool(agent.Options.StoragePool) is not null)
        {
            foreach (var volume in probe.ListVolumes(agent.Options.StoragePool)) probe.DeleteVolume(agent.Options.StoragePool, volume.Name);
            probe.DeletePool(agent.Options.StoragePool);
        }
        probe.Dispose();
        agent.Dispose();
    }

    private async Task<VmRequest> Defined()
    {
        var vm = VmRequest.New(TestAgent.HostName, TestRun.Name("b"));
        domains.Add(vm.Name);
        var defined = await agent.Execute(vm, StepCatalog.DefineDomain.Name);
        Assert.True(defined.Succeeded, defined.Error);
        return vm;
    }

    private async Task<StepResult> Succeeds(VmOperation operation, string step)
    {
        var result = await agent.Run(operation, step);
        Assert.True(result.Succeeded, $"{operation.Workflow}/{step}: {result.Error}");
        return result;
    }
}
