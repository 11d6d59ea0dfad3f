using System.Net;
using Provisioning.Contracts;
using Provisioning.Domain.Pools;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Vm.Addressing;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

/// <summary>
/// A VM's address, decided with its submission from the allocator's choice (like placement): recorded and written into
/// the parameters, or refused and failed at once; released when the request ends without a VM or the VM is decommissioned.
/// </summary>
public class AddressingTests
{
    private static readonly Ipv4Lease Lease = new(IPAddress.Parse("10.100.0.10"), 24, IPAddress.Parse("10.100.0.1"), [IPAddress.Parse("9.9.9.9")]);

    private static Dictionary<string, string> Parameters() => new(Plans.VmParameters()) { ["pool"] = "vlan100" };

    private static Saga Submitted(AddressDecision address, out Decision decision)
    {
        var saga = Saga.ProvisionVm();
        decision = saga.Submit(new SubmitRequest(Saga.RequestId, saga.Definition, Parameters(), Saga.Host, "TCK-7", Saga.Submitter, "api", null),
            new SubmissionFacts(Address: address));
        return saga;
    }

    private static Saga Allocated(out Decision decision) => Submitted(new AddressDecision("Vlan100", Lease, "the lowest free address"), out decision);

    [Fact]
    public void an_allocated_address_is_recorded_after_the_submission_and_written_into_the_parameters()
    {
        var saga = Allocated(out var decision);

        Assert.Collection(decision.Events,
            e => Assert.IsType<RequestSubmitted>(e),
            e => Assert.Equal(new AddressAllocated("Vlan100", "10.100.0.10", Saga.RequestId, "web-01", "the lowest free address", saga.Clock.Now), e),
            e => Assert.IsType<StepDispatched>(e));
        var parameters = ((RequestSubmitted)decision.Events[0]).Parameters;
        Assert.Equal(("Vlan100", "10.100.0.10/24", "10.100.0.1", "9.9.9.9"),
            (parameters["pool"], parameters["ipv4"], parameters["gateway"], parameters["dns"]));
        // The steps read it as a lease the engine assigned.
        Assert.Equal(Lease.Cidr, VmSpec.FromParameters(parameters).Addressing!.Lease!.Cidr);
        Assert.Equal(new AddressHold("Vlan100", "10.100.0.10", saga.Clock.Now), saga.Current.Allocation);
    }

    [Fact]
    public void a_refused_address_is_recorded_with_its_field_and_fails_the_request_at_once()
    {
        var saga = Submitted(AddressDecision.Refused("pool", "address pool 'vlan100' is exhausted", "vlan100"), out var decision);

        Assert.Collection(decision.Events,
            e => Assert.IsType<RequestSubmitted>(e),
            e => Assert.Equal(new AddressRefused("address pool 'vlan100' is exhausted", "pool", "vlan100", saga.Clock.Now), e),
            e => Assert.Equal(new RequestFailed("address pool 'vlan100' is exhausted", saga.Clock.Now), e));
        Assert.Equal(RequestStatus.Failed, saga.Current.Status);
        Assert.Equal(("address pool 'vlan100' is exhausted", "pool"), (saga.Current.Refusal!.Reason, saga.Current.Refusal.Field));
        Assert.Null(saga.Current.Allocation);
        Assert.DoesNotContain(saga.History, e => e is StepDispatched or AddressReleased);
    }

    [Fact]
    public void a_request_rolled_back_releases_its_address_right_before_it_ends()
    {
        var saga = Allocated(out _);

        var decision = saga.FailPermanently();

        Assert.Equal(RequestStatus.RolledBack, saga.Current.Status);
        Assert.Equal(new AddressReleased("Vlan100", "10.100.0.10", Saga.RequestId, "request RolledBack", saga.Clock.Now), decision.Events[^2]);
        Assert.IsType<RequestRolledBack>(decision.Events[^1]);
        Assert.False(saga.Current.Allocation!.Held);
    }

    [Fact]
    public void a_request_that_succeeds_keeps_its_address_and_its_rollback_later_releases_it_once()
    {
        var saga = Allocated(out _).RunToSuccess();
        Assert.DoesNotContain(saga.History, e => e is AddressReleased);
        Assert.True(saga.Current.Allocation!.Held);

        saga.Rollback();
        saga.CompensateAll();

        Assert.Equal(RequestStatus.RolledBack, saga.Current.Status);
        Assert.Single(saga.History.OfType<AddressReleased>());
    }

    [Fact]
    public void a_failed_rollback_keeps_the_address_a_domain_may_still_use_and_the_retry_that_succeeds_releases_it()
    {
        var saga = Allocated(out _).RunToSuccess();
        saga.Rollback();
        while (saga.Current.Status == RequestStatus.RollingBack)
        {
            if (saga.Current.Pending is { } pending) saga.Decide(saga.Result(pending, false, error: "libvirt says no"));
            else if (saga.Current.Timer is not null) saga.FireRetry();
        }
        Assert.Equal(RequestStatus.RollbackFailed, saga.Current.Status);
        Assert.DoesNotContain(saga.History, e => e is AddressReleased);

        saga.RetryRollback();
        saga.CompensateAll();

        Assert.Equal(RequestStatus.RolledBack, saga.Current.Status);
        Assert.Single(saga.History.OfType<AddressReleased>());
    }

    [Fact]
    public void a_decommission_that_removed_a_vm_holding_an_address_releases_it_before_it_ends()
    {
        var vm = Guid.Parse("0198c0de-0000-7000-8000-0000000000aa");
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var decision = new Decision([new VmDecommissioned(vm, "web-01", "kvm-01", "bob", now), new RequestSucceeded(now)]);

        var released = DecommissionRelease.With(decision, new HeldAddress("vlan100", "10.100.0.10", vm, "web-01"), "Vlan100", now);

        Assert.Equal(vm, DecommissionRelease.VmOf(decision));
        Assert.Collection(released.Events,
            e => Assert.IsType<VmDecommissioned>(e),
            e => Assert.Equal(new AddressReleased("Vlan100", "10.100.0.10", vm, "VM web-01 decommissioned", now), e),
            e => Assert.IsType<RequestSucceeded>(e));
        // Another VM's lease is not this decommission's to release.
        Assert.Same(decision, DecommissionRelease.With(decision, new HeldAddress("vlan100", "10.100.0.11", Guid.NewGuid(), "db"), "Vlan100", now));
    }
}
