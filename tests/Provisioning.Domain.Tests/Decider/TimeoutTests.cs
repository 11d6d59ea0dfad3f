using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

/// <summary>No answer before the deadline: the step may have happened, so it is undone like a failure.</summary>
public class TimeoutTests
{
    private static Saga DefineDomainInFlight() => Saga.ProvisionVm().RunThrough(Plans.CreateBridge, Outputs.Typical);

    [Fact]
    public void a_step_without_an_answer_by_its_deadline_times_out_and_is_compensated_first()
    {
        var saga = DefineDomainInFlight();
        var pending = saga.Pending;
        saga.Clock.Advance(TimeSpan.FromSeconds(300));

        var decision = saga.TimeOut();

        Assert.Collection(decision.Events,
            e => Assert.Equal(new StepTimedOut(pending.CommandId, Plans.DefineDomain, StepMode.Execute, 1, Saga.Host, saga.Clock.Now), e),
            e =>
            {
                var started = Assert.IsType<CompensationStarted>(e);
                Assert.Equal("define-domain timed out", started.Reason);
                Assert.Equal([Plans.DefineDomain, Plans.CreateBridge], started.StepsToCompensate);
            },
            e => Expect.Dispatch(e, Plans.DefineDomain, StepMode.Compensate));
    }

    [Fact]
    public void a_timed_out_step_is_not_retried()
    {
        var saga = DefineDomainInFlight();

        Assert.DoesNotContain(saga.TimeOut().Events, e => e is StepRetryScheduled);
    }

    [Fact]
    public void a_late_result_of_a_timed_out_command_is_recorded_once_and_moves_nothing_on()
    {
        var saga = DefineDomainInFlight();
        var timedOut = saga.Pending;
        saga.TimeOut();
        var compensation = saga.Pending;

        var late = Assert.IsType<LateStepResult>(Assert.Single(saga.Decide(saga.Result(timedOut, true)).Events));
        Assert.Equal((timedOut.CommandId, LateOutcome.Succeeded, Plans.DefineDomain), (late.CommandId, late.Outcome, late.Step));
        Assert.Empty(saga.Decide(saga.Result(timedOut, true)).Events);
        Assert.Equal(compensation, saga.Pending);
        Assert.Equal(StepStatus.Compensating, saga.Step(Plans.DefineDomain).Status);
    }

    [Fact]
    public void the_timeout_deadline_of_an_answered_command_changes_nothing()
    {
        var saga = DefineDomainInFlight();
        var answered = saga.Pending.CommandId;
        saga.Succeed();

        Assert.Empty(saga.Decide(new FireDeadline(answered)).Events);
    }

    [Fact]
    public void a_deadline_after_the_request_ended_changes_nothing()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.AttachPort);
        var last = saga.Pending.CommandId;
        saga.Succeed();

        Assert.Empty(saga.Decide(new FireDeadline(last)).Events);
    }

    [Fact]
    public void a_compensation_that_times_out_is_retried()
    {
        var saga = DefineDomainInFlight();
        saga.FailPermanently();
        var compensation = saga.Pending;
        var timerId = saga.Clock.PeekNextId;

        var decision = saga.TimeOut();

        Assert.Collection(decision.Events,
            e => Assert.Equal(new StepTimedOut(compensation.CommandId, Plans.DefineDomain, StepMode.Compensate, 1, Saga.Host, saga.Clock.Now), e),
            e => Assert.Equal(new StepRetryScheduled(timerId, Plans.DefineDomain, StepMode.Compensate, 2, saga.Clock.Now.AddSeconds(2), "timed out"), e));
        saga.FireRetry();
        Assert.Equal((Plans.DefineDomain, StepMode.Compensate, 2), (saga.Pending.Step, saga.Pending.Mode, saga.Pending.Attempt));
    }

    [Fact]
    public void a_compensation_that_times_out_on_its_last_attempt_leaves_leftovers_and_goes_on()
    {
        var saga = new Saga([Plans.Step(Plans.CreateBridge), Plans.Step(Plans.DefineDomain, maxAttempts: 1)]);
        saga.RunThrough(Plans.CreateBridge, Outputs.Typical);
        saga.FailPermanently();

        var decision = saga.TimeOut();

        var failed = Assert.IsType<CompensationFailed>(decision.Events[1]);
        Assert.Equal((Plans.DefineDomain, "timed out"), (failed.Step, failed.Error));
        Assert.NotEmpty(failed.Leftovers);
        Assert.Equal((Plans.CreateBridge, StepMode.Compensate), (saga.Pending.Step, saga.Pending.Mode));
    }
}
