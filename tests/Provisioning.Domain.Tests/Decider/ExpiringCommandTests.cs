using System.Text.Json;
using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

/// <summary>
/// Commands that expire and cannot be replayed, as the saga sees them: each carries a not-after, an undo names the
/// execution it supersedes, an attempt the agent refused unrun needs no undo, and a late answer is recorded, not dropped.
/// </summary>
public class ExpiringCommandTests
{
    private static Saga DefineDomainInFlight() => Saga.ProvisionVm().RunThrough(Plans.CreateBridge, Outputs.Typical);

    private static RecordStepResult NotRun(Saga saga, string reason = "expired") =>
        saga.Result(saga.Pending, false, true, reason) with { NotRun = true };

    [Fact]
    public void a_command_must_start_by_its_dispatch_plus_its_steps_timeout_when_a_silent_host_is_given_up_on()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();

        saga.Succeed();

        var sent = saga.LastDispatched;
        Assert.Equal(sent.DispatchedAt.AddSeconds(sent.TimeoutSeconds), sent.StartBy);
        Assert.Equal(sent.DeadlineAt, sent.StartBy);
    }

    [Fact]
    public void an_undo_names_the_execution_it_supersedes_and_an_execution_names_none()
    {
        var saga = DefineDomainInFlight();
        var execution = saga.Pending.CommandId;
        Assert.Null(saga.LastDispatched.Supersedes);

        saga.TimeOut();

        var undo = saga.LastDispatched;
        Assert.Equal((Plans.DefineDomain, StepMode.Compensate), (undo.Step, undo.Mode));
        Assert.Equal(execution, undo.Supersedes);
    }

    [Fact]
    public void the_undo_of_an_earlier_step_supersedes_that_steps_own_execution()
    {
        var saga = DefineDomainInFlight();
        var bridge = saga.Dispatched.Single(d => d.Step == Plans.CreateBridge && d.Mode == StepMode.Execute).CommandId;
        saga.FailPermanently();
        saga.Succeed(); // the undo of define-domain

        Assert.Equal((Plans.CreateBridge, bridge), (saga.LastDispatched.Step, saga.LastDispatched.Supersedes));
    }

    [Fact]
    public void a_first_attempt_refused_unrun_is_retried_and_needs_no_undo()
    {
        var saga = DefineDomainInFlight();
        var refused = saga.Pending;

        var decision = saga.Decide(NotRun(saga));

        Assert.Collection(decision.Events,
            e => Assert.Equal(new StepNotRun(refused.CommandId, Plans.DefineDomain, StepMode.Execute, 1, Saga.Host, "expired", saga.Clock.Now), e),
            e => Assert.Equal(2, Assert.IsType<StepRetryScheduled>(e).NextAttempt));
        Assert.Equal(StepStatus.RetryScheduled, saga.Step(Plans.DefineDomain).Status);
        Assert.DoesNotContain(decision.Events, e => e is StepFailed or CompensationStarted);
    }

    [Fact]
    public void a_step_refused_on_its_only_attempt_is_not_undone_while_the_steps_before_it_are()
    {
        var saga = Saga.ProvisionVm(maxAttempts: 1).RunThrough(Plans.CreateBridge, Outputs.Typical);

        var decision = saga.Decide(NotRun(saga));

        var started = Assert.Single(decision.Events.OfType<CompensationStarted>());
        Assert.Equal([Plans.CreateBridge], started.StepsToCompensate);
        Assert.StartsWith("define-domain was not run on kvm-01 after 1 attempt(s): expired", started.Reason);
        Assert.Equal(StepStatus.NotRun, saga.Step(Plans.DefineDomain).Status);
    }

    [Fact]
    public void a_step_refused_after_an_attempt_that_failed_is_undone_as_the_failed_attempt_may_have_left_something()
    {
        var saga = Saga.ProvisionVm(maxAttempts: 2).RunThrough(Plans.CreateBridge, Outputs.Typical);
        saga.FailTransiently();
        saga.FireRetry();

        var decision = saga.Decide(NotRun(saga));

        Assert.Equal([Plans.DefineDomain, Plans.CreateBridge], Assert.Single(decision.Events.OfType<CompensationStarted>()).StepsToCompensate);
    }

    [Fact]
    public void an_undo_refused_unrun_is_tried_again()
    {
        var saga = DefineDomainInFlight();
        saga.FailPermanently();

        var decision = saga.Decide(NotRun(saga, "expired: it had to start by then"));

        var failed = Assert.IsType<CompensationAttemptFailed>(decision.Events[0]);
        Assert.True(failed.Transient);
        Assert.Equal("not run on kvm-01: expired: it had to start by then", failed.Error);
        Assert.Equal(StepMode.Compensate, Assert.IsType<StepRetryScheduled>(decision.Events[1]).Mode);
    }

    [Fact]
    public void a_late_success_hands_what_it_made_to_the_undo_still_to_come()
    {
        var saga = DefineDomainInFlight();
        var timedOut = saga.Pending;
        saga.TimeOut();
        using var made = JsonDocument.Parse("""{"uuid":"late"}""");
        var late = saga.Result(timedOut, true, outputs: made.RootElement.Clone()) with { Created = ["domain late"] };

        var recorded = Assert.IsType<LateStepResult>(Assert.Single(saga.Decide(late).Events));

        Assert.Equal(["domain late"], recorded.Created);
        Assert.Equal("late", saga.Step(Plans.DefineDomain).Outputs!.Value.GetProperty("uuid").GetString());
        Assert.Empty(saga.Current.TimedOutCommands);
    }

    [Fact]
    public void a_late_refusal_is_recorded_as_not_run()
    {
        var saga = DefineDomainInFlight();
        var timedOut = saga.Pending;
        saga.TimeOut();

        var recorded = Assert.IsType<LateStepResult>(Assert.Single(saga.Decide(saga.Result(timedOut, false, true, "superseded") with { NotRun = true }).Events));

        Assert.Equal((LateOutcome.NotRun, "superseded"), (recorded.Outcome, recorded.Error));
    }

    [Fact]
    public void a_late_answer_after_the_request_ended_is_still_recorded()
    {
        var saga = DefineDomainInFlight();
        var timedOut = saga.Pending;
        saga.TimeOut();
        saga.Succeed(); // undo of define-domain
        saga.Succeed(); // undo of create-bridge
        Assert.Equal(RequestStatus.RolledBack, saga.Current.Status);

        Assert.IsType<LateStepResult>(Assert.Single(saga.Decide(saga.Result(timedOut, true)).Events));
        Assert.Equal(RequestStatus.RolledBack, saga.Current.Status);
    }

    [Fact]
    public void an_answer_to_a_command_that_never_timed_out_records_nothing()
    {
        var saga = DefineDomainInFlight();
        var answered = saga.Pending;
        saga.Succeed();

        Assert.Empty(saga.Decide(saga.Result(answered, false, true, "late")).Events);
    }
}
