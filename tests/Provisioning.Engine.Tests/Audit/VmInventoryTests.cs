using Provisioning.Domain.Workflows;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Tests.Support;
using Provisioning.Testing.Sagas;
using Provisioning.Domain.Steps;
using Provisioning.Engine.Audit;
using Provisioning.Engine.Inventory;

namespace Provisioning.Engine.Tests.Audit;

/// <summary>The VM inventory record, folded from a request's events as the inline projection does.</summary>
public class VmInventoryTests
{
    private static VmRecord? Fold(Saga saga, string actor = Saga.Submitter)
    {
        VmRecord? vm = null;
        foreach (var e in Recorded.Of(saga.History))
        {
            vm = VmRecordProjection.Next(vm, e.Data, Saga.RequestId, saga.Clock.Now, e.Actor ?? actor);
        }
        return vm;
    }

    [Fact]
    public void a_submitted_vm_is_recorded_with_its_size_place_and_requester()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();

        var vm = Fold(saga)!;

        Assert.Equal((Saga.RequestId, "web-01", Saga.Host, VmState.Requested), (vm.Id, vm.Name, vm.Host, vm.State));
        Assert.Equal((2048, 2, 20, "br-prod", 42), (vm.MemoryMiB!.Value, vm.Vcpus!.Value, vm.DiskGiB!.Value, vm.Bridge, vm.Vlan!.Value));
        Assert.Equal(("TCK-7", Saga.Submitter, Saga.RequestId, TestClock.Start), (vm.Ticket, vm.Actor, vm.LastRequestId, vm.RequestedAt));
    }

    [Fact]
    public void the_vm_is_defined_after_define_domain_and_running_after_boot()
    {
        var defined = Fold(Saga.ProvisionVm().RunThrough(Plans.AttachPort))!;
        Assert.Equal(VmState.Defined, defined.State);
        Assert.NotNull(defined.DefinedAt);

        var saga = Saga.ProvisionVm().RunToSuccess(Outputs.Typical);
        var running = Fold(saga)!;
        Assert.Equal(VmState.Running, running.State);
        Assert.Equal(saga.Clock.Now, running.RunningSince);
    }

    [Fact]
    public void a_rollback_by_an_operator_leaves_the_vm_rolled_back_and_names_the_operator()
    {
        var saga = Saga.ProvisionVm().RunToSuccess(Outputs.Typical);
        saga.Rollback("bob");
        saga.Succeed();
        Assert.Equal(VmState.Defined, Fold(saga)!.State);
        saga.CompensateAll();

        var vm = Fold(saga)!;

        Assert.Equal((VmState.RolledBack, "bob"), (vm.State, vm.LastActor));
        Assert.NotNull(vm.RemovedAt);
        Assert.Null(vm.RunningSince);
    }

    [Fact]
    public void a_failure_before_the_domain_existed_rolls_the_record_back()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.InstallHost);
        saga.FailPermanently();
        saga.CompensateAll();

        Assert.Equal(VmState.RolledBack, Fold(saga)!.State);
    }

    [Fact]
    public void an_undo_of_the_domain_that_gives_up_leaves_the_vm_in_rollback_failed_with_the_leftovers()
    {
        var saga = Saga.ProvisionVm(maxAttempts: 1).RunToSuccess(Outputs.Typical);
        saga.Rollback("bob");
        saga.Succeed();
        saga.Succeed();
        saga.FailPermanently("domain is locked");
        saga.CompensateAll();

        var vm = Fold(saga)!;

        Assert.Equal(VmState.RollbackFailed, vm.State);
        Assert.Equal(saga.Current.Leftovers, vm.Leftovers);
        Assert.NotEmpty(vm.Leftovers);
    }

    [Fact]
    public void a_request_whose_parameters_are_not_a_new_vm_makes_no_record()
    {
        // What makes a VM record is what the request is about (its parameter set's typed parameters), not its plan.
        var onboarding = new RequestSubmitted(Saga.RequestId, "onboard-host", 1, [Plans.Step(Plans.InstallHost)],
            new Dictionary<string, string> { ["host"] = Saga.Host }, Saga.Host, null, Saga.Submitter, "api", null, TestClock.Start,
            ParameterSet: ParameterSets.HostReference);

        Assert.Null(VmRecordProjection.Next(null, onboarding, Saga.RequestId, TestClock.Start, Saga.Submitter));
        Assert.NotNull(VmRecordProjection.Next(null, onboarding with { Workflow = "provision-vm", Parameters = Plans.VmParameters(), ParameterSet = ParameterSets.ProvisionVm },
            Saga.RequestId, TestClock.Start, Saga.Submitter));
    }
}
