using Provisioning.Domain.Steps;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>
/// Each day-two operation on a real QEMU/KVM domain made by define-domain (a 64 MiB guest without an OS,
/// which ignores ACPI), its outcome read back with virsh and qemu-img, and each run again to show it is idempotent.
/// </summary>
[Collection(SystemHostCollection.Name)]
public sealed class DayTwoOnKvmTests(SystemHostFixture host) : IAsyncLifetime
{
    private readonly List<VmRequest> made = [];

    private TestAgent Agent => host.Agent;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var vm in made) await HostProbe.Clean(domain: vm.Name, volume: (TestAgent.SystemPool, vm.Volume));
    }

    [Fact]
    public async Task start_boots_a_shut_off_vm_and_a_second_start_leaves_the_same_guest_running()
    {
        var vm = await Defined();
        var start = VmOperation.Start(vm.Name);

        var first = await Succeeds(start, StepCatalog.StartDomain.Name);
        Assert.Equal("running", await HostProbe.DomainState(vm.Name));
        var id = await HostProbe.DomainId(vm.Name);
        var second = await Succeeds(start, StepCatalog.StartDomain.Name);

        Assert.Equal("started", first.Out(StepCatalog.StartDomain).StartedBy);
        Assert.Equal("already-running", second.Out(StepCatalog.StartDomain).StartedBy);
        Assert.Equal(id, await HostProbe.DomainId(vm.Name));
    }

    [Fact]
    public async Task stop_destroys_a_guest_that_ignores_acpi_once_the_grace_period_is_over()
    {
        var vm = await Running();
        var stop = VmOperation.Stop(vm.Name, graceSeconds: 2);
        // An agent of its own on a clock that moves only when this test moves it: the grace period is the agent's time.
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using var agent = TestAgent.Start(TestRun.SystemUri, TestAgent.SystemPool, TestAgent.SystemPoolPath, services => services.AddSingleton<TimeProvider>(clock));
        var graceOver = clock.GetUtcNow() + TimeSpan.FromSeconds(2);

        var run = agent.Run(stop, StepCatalog.ShutdownDomain.Name);
        var pauses = 0;
        while (!run.IsCompleted)
        {
            // The step's next pause between two looks at the guest (the command's own 300 s timeout is further away).
            var pausedUntil = await Eventually.Until(() => Task.FromResult(run.IsCompleted ? (DateTimeOffset?)null : clock.PendingTimers.Select(d => (DateTimeOffset?)d).FirstOrDefault(d => d < clock.GetUtcNow().AddSeconds(10))),
                due => run.IsCompleted || due is not null, TimeSpan.FromSeconds(60), "the stop to pause or end");
            if (pausedUntil is not { } due) break;
            if (due <= graceOver)
            {
                pauses++;
                Assert.Equal("running", await HostProbe.DomainState(vm.Name));
            }
            clock.AdvanceTo(due);
        }
        var first = await run;
        var second = await Succeeds(stop, StepCatalog.ShutdownDomain.Name);

        // Waited out the grace with the guest running all along, and only then pulled the plug.
        Assert.True(pauses > 0, "the stop never waited for the guest");
        Assert.True(clock.GetUtcNow() >= graceOver, $"destroyed at {clock.GetUtcNow() - DateTimeOffset.UnixEpoch} of the agent's time, within the grace period");
        Assert.Equal("shut off", await HostProbe.DomainState(vm.Name));
        Assert.Equal("destroyed", first.Out(StepCatalog.ShutdownDomain).StoppedBy);
        Assert.Equal("already-off", second.Out(StepCatalog.ShutdownDomain).StoppedBy);
    }

    [Fact]
    public async Task reboot_runs_the_vm_again_in_a_new_qemu_process_and_only_once_per_request()
    {
        var vm = await Running();
        var before = await HostProbe.DomainId(vm.Name);
        var reboot = VmOperation.Reboot(vm.Name, graceSeconds: 1);

        var first = await Succeeds(reboot, StepCatalog.RebootDomain.Name);
        var after = await HostProbe.DomainId(vm.Name);
        var again = await Succeeds(reboot, StepCatalog.RebootDomain.Name);

        Assert.Equal("running", await HostProbe.DomainState(vm.Name));
        Assert.NotEqual(before, after);
        Assert.Equal("destroyed", first.Out(StepCatalog.RebootDomain).StoppedBy);
        Assert.Equal("already", again.Out(StepCatalog.RebootDomain).Rebooted);
        Assert.Equal(after, await HostProbe.DomainId(vm.Name));
        Assert.Contains(reboot.RequestId.ToString("D"), await HostProbe.DomainXml(vm.Name), StringComparison.Ordinal);
    }

    [Fact]
    public async Task resize_refuses_a_running_vm_and_gives_the_shut_off_one_its_new_memory_and_vcpus()
    {
        var vm = await Running();
        var resize = VmOperation.Resize(vm.Name, memoryMiB: 128, vcpus: 2);

        var refused = await Agent.Run(resize, StepCatalog.ResizeDomain.Name);
        Assert.False(refused.Succeeded);
        Assert.Equal(StepErrorKind.Permanent, refused.ErrorKind);
        Assert.Contains("shut it off first", refused.Error, StringComparison.Ordinal);
        Assert.Contains("<memory unit='KiB'>65536</memory>", await HostProbe.DomainXml(vm.Name), StringComparison.Ordinal);

        await Succeeds(VmOperation.Stop(vm.Name, graceSeconds: 0), StepCatalog.ShutdownDomain.Name);
        var first = await Succeeds(resize, StepCatalog.ResizeDomain.Name);
        await Succeeds(resize, StepCatalog.ResizeDomain.Name);

        var xml = await HostProbe.DomainXml(vm.Name);
        Assert.Contains("<memory unit='KiB'>131072</memory>", xml, StringComparison.Ordinal);
        Assert.Contains("<currentMemory unit='KiB'>131072</currentMemory>", xml, StringComparison.Ordinal);
        Assert.Contains(">2</vcpu>", xml, StringComparison.Ordinal);
        Assert.Equal((64, 1), (first.Out(StepCatalog.ResizeDomain).PreviousMemoryMiB, first.Out(StepCatalog.ResizeDomain).PreviousVcpus));
        // The definition boots: QEMU runs the guest with the new sizes.
        await Succeeds(VmOperation.Start(vm.Name), StepCatalog.StartDomain.Name);
        var info = (await HostProbe.Virsh("dominfo", vm.Name)).Stdout;
        Assert.Matches(@"CPU\(s\):\s+2\n", info);
        Assert.Matches(@"Max memory:\s+131072 KiB", info);
    }

    [Fact]
    public async Task snapshots_are_created_reverted_and_deleted_inside_the_qcow2_of_the_shut_off_vm_once_per_request()
    {
        var vm = await Defined();
        var volume = (await HostProbe.Virsh("vol-path", "--pool", TestAgent.SystemPool, vm.Volume)).Stdout.Trim();
        var create = VmOperation.Snapshot(vm.Name, SnapshotAction.Create, "before");

        await Succeeds(create, StepCatalog.SnapshotDomain.Name);
        await Succeeds(create, StepCatalog.SnapshotDomain.Name);
        Assert.Equal(["before"], await HostProbe.SnapshotNames(vm.Name));
        Assert.Equal(["before"], await HostProbe.Qcow2Snapshots(volume));
        await Refused(VmOperation.Snapshot(vm.Name, SnapshotAction.Create, "before"), "already has a snapshot named before");

        // Change the definition, then revert: the snapshot's definition (64 MiB) comes back.
        await Succeeds(VmOperation.Resize(vm.Name, memoryMiB: 96, vcpus: null), StepCatalog.ResizeDomain.Name);
        var revert = VmOperation.Snapshot(vm.Name, SnapshotAction.Revert, "before");
        await Succeeds(revert, StepCatalog.SnapshotDomain.Name);
        Assert.Contains("<memory unit='KiB'>65536</memory>", await HostProbe.DomainXml(vm.Name), StringComparison.Ordinal);
        await Succeeds(revert, StepCatalog.SnapshotDomain.Name);
        Assert.Equal("shut off", await HostProbe.DomainState(vm.Name));

        var delete = VmOperation.Snapshot(vm.Name, SnapshotAction.Delete, "before");
        await Succeeds(delete, StepCatalog.SnapshotDomain.Name);
        await Succeeds(delete, StepCatalog.SnapshotDomain.Name);
        Assert.Empty(await HostProbe.SnapshotNames(vm.Name));
        Assert.Empty(await HostProbe.Qcow2Snapshots(volume));
        await Refused(VmOperation.Snapshot(vm.Name, SnapshotAction.Delete, "before"), "has no snapshot named before");
        await Refused(VmOperation.Snapshot(vm.Name, SnapshotAction.Revert, "before"), "has no snapshot named before");
    }

    [Fact]
    public async Task a_snapshot_of_a_running_vm_is_refused_and_none_is_taken()
    {
        var vm = await Running();

        await Refused(VmOperation.Snapshot(vm.Name, SnapshotAction.Create, "live"), "shut it off first");

        Assert.Empty(await HostProbe.SnapshotNames(vm.Name));
        Assert.Equal("running", await HostProbe.DomainState(vm.Name));
    }

    [Fact]
    public async Task an_operation_on_a_vm_that_is_not_there_fails_for_good()
    {
        var missing = TestRun.Name("vm");

        await Refused(VmOperation.Start(missing), $"no VM named {missing}", StepCatalog.StartDomain.Name);
        await Refused(VmOperation.Stop(missing), $"no VM named {missing}", StepCatalog.ShutdownDomain.Name);
    }

    private async Task<VmRequest> Defined()
    {
        var vm = VmRequest.New(TestAgent.HostName, TestRun.Name("b"));
        made.Add(vm);
        var defined = await Agent.Execute(vm, StepCatalog.DefineDomain.Name);
        Assert.True(defined.Succeeded, defined.Error);
        return vm;
    }

    private async Task<VmRequest> Running()
    {
        var vm = await Defined();
        await Succeeds(VmOperation.Start(vm.Name), StepCatalog.StartDomain.Name);
        return vm;
    }

    private async Task<StepResult> Succeeds(VmOperation operation, string step)
    {
        var result = await Agent.Run(operation, step);
        Assert.True(result.Succeeded, $"{operation.Workflow}/{step}: {result.Error}");
        return result;
    }

    private async Task Refused(VmOperation operation, string why, string? step = null)
    {
        step ??= StepCatalog.SnapshotDomain.Name;
        var result = await Agent.Run(operation, step);
        Assert.False(result.Succeeded, $"{operation.Workflow}/{step} succeeded");
        Assert.Equal(StepErrorKind.Permanent, result.ErrorKind);
        Assert.Contains(why, result.Error, StringComparison.Ordinal);
    }
}
