using Provisioning.Domain.Hosts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Decommission;
using Provisioning.Domain.Vm;
using Provisioning.Engine.Inventory;
using Provisioning.Engine.Onboarding;
using Provisioning.Engine.Placement;

namespace Provisioning.IntegrationTests.Store;

/// <summary>
/// The documents that follow a request's end (a host's reservation and onboarding, the VM inventory) are inline
/// projections of its events, kept in the transaction of the decision: written through the engine's own store on the
/// real PostgreSQL, read back as documents.
/// </summary>
public sealed class SideDocumentTests() : StoreTest("sidedocs")
{
    private static string NewHost() => $"h{Guid.NewGuid():N}"[..12];

    private static VmSpec Vm(string host) => new($"vm-{host}", host, 512, 2, 1, "sdbr", 100, null);

    [Fact]
    public async Task a_vm_request_holds_room_on_its_host_from_submission_and_frees_it_when_rolled_back()
    {
        var host = NewHost();
        var submitted = await World.SubmitAsync("provision-vm", Vm(host));

        var held = await World.LoadAsync<HostReservation>(submitted.RequestId);
        Assert.Equal((host, 512, 2, false, null as DateTimeOffset?), (held!.Host, held.MemoryMiB, held.Vcpus, held.Placed, held.SettledAt));

        // install-host fails for good; it has nothing to undo, so the request is rolled back at once.
        var ended = await World.AnswerAsync(submitted.RequestId, succeeded: false);

        Assert.Equal(RequestStatus.RolledBack, ended.Status);
        Assert.Null(await World.LoadAsync<HostReservation>(submitted.RequestId));
    }

    [Fact]
    public async Task a_vm_request_that_succeeds_settles_its_room_when_its_last_step_finished_on_the_host()
    {
        var submitted = await World.SubmitAsync("provision-vm", Vm(NewHost()));

        await World.RunToEndAsync(submitted.RequestId);

        var succeeded = (await World.DataAsync(submitted.RequestId)).OfType<RequestSucceeded>().Single();
        Assert.NotNull(succeeded.FinishedOnHostAt);
        var settled = await World.LoadAsync<HostReservation>(submitted.RequestId);
        Assert.Equal(succeeded.FinishedOnHostAt, settled!.SettledAt);
    }

    [Fact]
    public async Task an_onboarding_onboards_its_host_when_it_succeeds_and_its_rollback_takes_that_back()
    {
        var host = NewHost();
        await World.HeartbeatAsync(host);
        var submitted = await World.SubmitAsync("onboard-host", new HostReference(host));

        await World.RunToEndAsync(submitted.RequestId);

        var onboarding = await World.LoadAsync<HostOnboarding>(host);
        Assert.Equal((host, submitted.RequestId, "olga", "OPS-1"), (onboarding!.Host, onboarding.RequestId, onboarding.Actor, onboarding.Ticket));
        var events = await World.DataAsync(submitted.RequestId);
        Assert.IsType<HostOnboarded>(events[^2]);
        Assert.IsType<RequestSucceeded>(events[^1]);

        var rollback = await World.ActAsync(submitted.RequestId, new RollbackRequest("bob", "wrong host"));

        Assert.Equal(RequestStatus.RolledBack, rollback.State!.Status);
        Assert.Null(await World.LoadAsync<HostOnboarding>(host));
        events = await World.DataAsync(submitted.RequestId);
        Assert.Equal(host, Assert.IsType<HostOnboardingUndone>(events[^2]).Host);
        Assert.IsType<RequestRolledBack>(events[^1]);
    }

    [Fact]
    public async Task the_rollback_of_an_onboarding_leaves_a_later_onboarding_of_the_same_host_standing()
    {
        var host = NewHost();
        await World.HeartbeatAsync(host);
        var first = await World.SubmitAsync("onboard-host", new HostReference(host));
        await World.RunToEndAsync(first.RequestId);
        var second = await World.SubmitAsync("onboard-host", new HostReference(host));
        await World.RunToEndAsync(second.RequestId);

        await World.ActAsync(first.RequestId, new RollbackRequest("bob", null));

        Assert.Equal(second.RequestId, (await World.LoadAsync<HostOnboarding>(host))!.RequestId);
    }

    [Fact]
    public async Task a_decommission_marks_the_vm_it_removed_in_the_inventory_and_makes_no_record_of_its_own()
    {
        var host = NewHost();
        var vm = Vm(host);
        var provisioned = await World.SubmitAsync("provision-vm", vm);
        await World.RunToEndAsync(provisioned.RequestId);
        Assert.Equal(VmState.Running, (await World.LoadAsync<VmRecord>(provisioned.RequestId))!.State);

        var decommission = await World.SubmitAsync("decommission-vm", new VmDecommission(vm.Name, host));
        await World.RunToEndAsync(decommission.RequestId, step => step == StepCatalog.CheckOwner.Name
            ? StepCatalog.CheckOwner.Write(new VmClaimOutputs(vm.Name, Guid.NewGuid(), "provisioning", provisioned.RequestId, "OPS-1", "olga"))
            : null);

        var events = await World.DataAsync(decommission.RequestId);
        var removed = Assert.IsType<VmDecommissioned>(events[^2]);
        Assert.Equal((provisioned.RequestId as Guid?, vm.Name, host), (removed.VmRequestId, removed.Name, removed.Host));
        var record = await World.LoadAsync<VmRecord>(provisioned.RequestId);
        Assert.Equal((VmState.Removed, decommission.RequestId, "olga"), (record!.State, record.LastRequestId, record.LastActor));
        Assert.Equal(removed.At, record.RemovedAt);
        Assert.Null(record.RunningSince);
        Assert.Null(await World.LoadAsync<VmRecord>(decommission.RequestId));
    }
}
