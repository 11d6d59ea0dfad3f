using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

/// <summary>A step fails for good: what ran is undone newest first, one command at a time.</summary>
public class FailureCompensationTests
{
    /// <summary>install-host .. define-domain succeeded (with outputs); attach-port is in flight.</summary>
    private static Saga AtAttachPort() => Saga.ProvisionVm().RunThrough(Plans.DefineDomain, Outputs.Typical);

    [Fact]
    public void a_transient_failure_on_the_last_attempt_starts_compensation()
    {
        var saga = AtAttachPort();
        saga.FailTransiently("tap busy");
        saga.FireRetry();
        saga.FailTransiently("tap busy");
        saga.FireRetry();

        var decision = saga.FailTransiently("tap busy");

        Assert.Collection(decision.Events,
            e => Assert.Equal(3, Assert.IsType<StepFailed>(e).Attempt),
            e =>
            {
                var started = Assert.IsType<CompensationStarted>(e);
                Assert.Equal(("attach-port failed after 3 attempt(s): tap busy", Saga.Submitter, saga.Clock.Now), (started.Reason, started.Actor, started.At));
                Assert.Equal([Plans.AttachPort, Plans.DefineDomain, Plans.CreateBridge], started.StepsToCompensate);
            },
            e => Expect.Dispatch(e, Plans.AttachPort, StepMode.Compensate, 1));
    }

    [Fact]
    public void a_permanent_failure_on_the_first_attempt_starts_compensation_at_once()
    {
        var saga = AtAttachPort();

        var decision = saga.FailPermanently("no such network");

        Assert.DoesNotContain(decision.Events, e => e is StepRetryScheduled);
        var started = Assert.IsType<CompensationStarted>(decision.Events[1]);
        Assert.Equal("attach-port failed: no such network", started.Reason);
        Assert.Equal(RequestStatus.RollingBack, saga.Current.Status);
        Assert.True(saga.Current.IsCompensating);
    }

    [Fact]
    public void the_failing_step_is_undone_first_then_completed_steps_newest_first()
    {
        var saga = AtAttachPort();
        saga.FailPermanently();

        saga.CompensateAll();

        Assert.Equal([Plans.AttachPort, Plans.DefineDomain, Plans.CreateBridge], saga.CompensationsDispatched());
    }

    [Fact]
    public void steps_that_never_ran_and_steps_with_nothing_to_undo_are_not_compensated()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.CreateBridge);

        saga.FailPermanently();

        var started = saga.History.OfType<CompensationStarted>().Single();
        Assert.Equal([Plans.DefineDomain, Plans.CreateBridge], started.StepsToCompensate);
        Assert.DoesNotContain(Plans.InstallHost, started.StepsToCompensate);
        Assert.Equal(StepStatus.Pending, saga.Step(Plans.AttachPort).Status);
    }

    [Fact]
    public void compensations_are_dispatched_one_at_a_time()
    {
        var saga = AtAttachPort();

        var decision = saga.FailPermanently();

        Assert.Single(decision.Events.OfType<StepDispatched>());
        var next = saga.Succeed();
        Assert.Collection(next.Events,
            e => Assert.Equal(Plans.AttachPort, Assert.IsType<StepCompensated>(e).Step),
            e => Expect.Dispatch(e, Plans.DefineDomain, StepMode.Compensate));
        Assert.Equal(StepStatus.Compensated, saga.Step(Plans.AttachPort).Status);
    }

    [Fact]
    public void a_compensation_command_carries_the_outputs_of_its_step()
    {
        var saga = AtAttachPort();
        saga.FailPermanently();

        saga.CompensateAll();

        var byStep = saga.Dispatched.Where(d => d.Mode == StepMode.Compensate).ToDictionary(d => d.Step);
        Expect.SameJson(Outputs.Typical(Plans.DefineDomain), byStep[Plans.DefineDomain].Outputs);
        Expect.SameJson(Outputs.Typical(Plans.CreateBridge), byStep[Plans.CreateBridge].Outputs);
        // Each carries its step's own arguments, as the step's definition takes them from the request's parameters.
        Assert.All(byStep.Values, d => Expect.SameJson(StepCatalog.Find(d.Step)!.ArgumentsFor(Plans.VmParameters()), d.Arguments));
    }

    [Fact]
    public void a_compensation_command_of_the_failing_step_carries_what_the_failure_reported()
    {
        var saga = AtAttachPort();
        var partial = Outputs.Of(("mac", "52:54:00:01:02:03"));

        saga.Decide(saga.Result(saga.Pending, false, error: "half done", outputs: partial));

        Expect.SameJson(partial, saga.LastDispatched.Outputs);
        Assert.Equal((Plans.AttachPort, StepMode.Compensate), (saga.LastDispatched.Step, saga.LastDispatched.Mode));
    }

    [Fact]
    public void a_compensation_command_is_attempt_one_with_the_step_timeout()
    {
        var saga = AtAttachPort();

        saga.FailPermanently();

        Assert.Equal((1, 150, saga.Clock.Now.AddSeconds(150)),
            (saga.LastDispatched.Attempt, saga.LastDispatched.TimeoutSeconds, saga.LastDispatched.DeadlineAt));
        Assert.Equal(saga.LastDispatched.CommandId, saga.Pending.CommandId);
    }

    [Fact]
    public void when_every_compensation_is_done_the_request_is_rolled_back()
    {
        var saga = AtAttachPort();
        saga.FailPermanently("no such network");
        saga.Succeed();
        saga.Succeed();

        var decision = saga.Succeed();

        Assert.Collection(decision.Events,
            e => Assert.Equal(Plans.CreateBridge, Assert.IsType<StepCompensated>(e).Step),
            e => Assert.Equal(new RequestRolledBack("attach-port failed: no such network", saga.Clock.Now), e));
        Assert.Equal(RequestStatus.RolledBack, saga.Current.Status);
        Assert.True(saga.Current.IsTerminal);
        Assert.Empty(saga.Current.CompensationQueue);
        Assert.Empty(saga.Current.Leftovers);
    }

    [Fact]
    public void a_failing_first_step_with_nothing_to_undo_rolls_back_at_once()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();

        var decision = saga.FailPermanently("no KVM");

        Assert.Collection(decision.Events,
            e => Assert.IsType<StepFailed>(e),
            e => Assert.Empty(Assert.IsType<CompensationStarted>(e).StepsToCompensate),
            e => Assert.IsType<RequestRolledBack>(e));
        Assert.DoesNotContain(saga.Dispatched, d => d.Mode == StepMode.Compensate);
        Assert.Equal(RequestStatus.RolledBack, saga.Current.Status);
    }
}
