using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

/// <summary>Undoing can fail too: retry within the policy, then say exactly what is left and where.</summary>
public class CompensationFailureTests
{
    /// <summary>Four steps ran with outputs; boot failed for good; boot's undo is in flight.</summary>
    private static Saga UndoingBoot()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.AttachPort, Outputs.Typical);
        saga.FailPermanently("guest crashed");
        return saga;
    }

    [Fact]
    public void a_transient_compensation_failure_is_retried()
    {
        var saga = UndoingBoot();
        var attempt = saga.Pending;
        var timerId = saga.Clock.PeekNextId;

        var decision = saga.FailTransiently("libvirt busy");

        Assert.Collection(decision.Events,
            e => Assert.Equal(new CompensationAttemptFailed(attempt.CommandId, Plans.Boot, 1, Saga.Host, "libvirt busy", true, saga.Clock.Now), e),
            e => Assert.Equal(new StepRetryScheduled(timerId, Plans.Boot, StepMode.Compensate, 2, saga.Clock.Now.AddSeconds(2), "libvirt busy"), e));
        Assert.Equal(RequestStatus.RollingBack, saga.Current.Status);
    }

    [Fact]
    public void a_compensation_retry_is_a_new_compensate_command_with_the_step_outputs()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.AttachPort, Outputs.Typical);
        saga.FailPermanently();
        saga.Succeed();
        var first = saga.Pending;
        saga.FailTransiently();

        var dispatched = Assert.IsType<StepDispatched>(Assert.Single(saga.FireRetry().Events));

        Assert.NotEqual(first.CommandId, dispatched.CommandId);
        Assert.Equal((Plans.AttachPort, StepMode.Compensate, 2), (dispatched.Step, dispatched.Mode, dispatched.Attempt));
        Expect.SameJson(Outputs.Typical(Plans.AttachPort), dispatched.Outputs);
        Assert.Equal(2, saga.Step(Plans.AttachPort).CompensationAttempts);
    }

    [Fact]
    public void a_permanent_compensation_failure_records_the_leftovers_and_goes_on_with_the_rest()
    {
        var saga = UndoingBoot();
        saga.Succeed();
        saga.Succeed();

        var decision = saga.FailPermanently("volume in use");

        Assert.Collection(decision.Events,
            e => Assert.IsType<CompensationAttemptFailed>(e),
            e =>
            {
                var failed = Assert.IsType<CompensationFailed>(e);
                Assert.Equal((Plans.DefineDomain, Saga.Host, "volume in use", saga.Clock.Now), (failed.Step, failed.Host, failed.Error, failed.At));
                Assert.Equal(["domain web-01 on kvm-01", "volume web-01-0198c0de.qcow2 on kvm-01"], failed.Leftovers);
            },
            e => Expect.Dispatch(e, Plans.CreateBridge, StepMode.Compensate));
        Assert.Equal(StepStatus.CompensationFailed, saga.Step(Plans.DefineDomain).Status);
    }

    [Fact]
    public void a_compensation_out_of_attempts_records_the_leftovers()
    {
        var saga = UndoingBoot();
        saga.FailTransiently();
        saga.FireRetry();
        saga.FailTransiently();
        saga.FireRetry();

        var decision = saga.FailTransiently("still busy");

        var failed = Assert.IsType<CompensationFailed>(decision.Events[1]);
        Assert.Equal(["running domain web-01 on kvm-01"], failed.Leftovers);
        Assert.Equal((Plans.AttachPort, 1), (saga.Pending.Step, saga.Pending.Attempt));
    }

    [Fact]
    public void leftovers_list_only_what_the_step_reported_creating()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.CreateBridge,
            _ => Outputs.Of(("bridgeCreated", "false"), ("networkCreated", "true"), ("portgroupAdded", "true"), ("portgroup", "vlan-42")));
        saga.FailPermanently();
        saga.Succeed();

        saga.FailPermanently("network busy");

        Assert.Equal(["network br-prod on kvm-01", "portgroup vlan-42 of network br-prod on kvm-01"],
            saga.History.OfType<CompensationFailed>().Single().Leftovers);
    }

    [Fact]
    public void a_rollback_with_failed_compensations_ends_in_rollback_failed_listing_every_leftover()
    {
        var saga = UndoingBoot();
        saga.Succeed();
        saga.Succeed();
        saga.FailPermanently("volume in use");

        var decision = saga.FailPermanently("bridge in use");

        var failed = Assert.IsType<RollbackFailed>(decision.Events[^1]);
        string[] everything =
        [
            "domain web-01 on kvm-01", "volume web-01-0198c0de.qcow2 on kvm-01",
            "bridge br-prod on kvm-01", "network br-prod on kvm-01", "portgroup vlan-42 of network br-prod on kvm-01",
        ];
        Assert.Equal(everything, failed.Leftovers);
        Assert.Equal(RequestStatus.RollbackFailed, saga.Current.Status);
        Assert.Equal(everything, saga.Current.Leftovers);
        Assert.True(saga.Current.IsTerminal);
    }

    [Fact]
    public void retrying_a_failed_rollback_compensates_only_the_failed_steps_again()
    {
        var saga = UndoingBoot();
        saga.Succeed();
        saga.Succeed();
        saga.FailPermanently("volume in use");
        saga.FailPermanently("bridge in use");
        saga.Clock.Advance(TimeSpan.FromHours(1));

        var decision = saga.RetryRollback("carol");

        Assert.Collection(decision.Events,
            e => Assert.Equal(new RollbackRetryRequested("carol", saga.Clock.Now), e),
            e => Assert.Equal([Plans.DefineDomain, Plans.CreateBridge], Assert.IsType<CompensationStarted>(e).StepsToCompensate),
            e => Expect.Dispatch(e, Plans.DefineDomain, StepMode.Compensate, 1));
        Expect.SameJson(Outputs.Typical(Plans.DefineDomain), saga.LastDispatched.Outputs);
        Assert.Empty(saga.Current.Leftovers);
        saga.CompensateAll();
        Assert.Equal(RequestStatus.RolledBack, saga.Current.Status);
        Assert.Equal([Plans.Boot, Plans.AttachPort, Plans.DefineDomain, Plans.CreateBridge, Plans.DefineDomain, Plans.CreateBridge],
            saga.CompensationsDispatched());
    }

    [Fact]
    public void retrying_a_rollback_is_refused_unless_the_rollback_failed()
    {
        Saga[] notFailed =
        [
            Saga.ProvisionVm().RunThrough(Plans.InstallHost),
            Saga.ProvisionVm().RunToSuccess(),
            UndoingBoot(),
            UndoingBoot().CompensateAll(),
        ];

        Assert.All(notFailed, saga =>
        {
            var decision = saga.RetryRollback();
            Assert.Empty(decision.Events);
            Assert.NotNull(decision.Rejection);
        });
    }
}
