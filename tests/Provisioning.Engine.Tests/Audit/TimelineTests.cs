using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Tests.Support;
using Provisioning.Testing.Sagas;
using Provisioning.Engine.Audit.Timeline;

namespace Provisioning.Engine.Tests.Audit;

/// <summary>A request's timeline, built from its events alone: steps, attempts, undo rounds, and who did what.</summary>
public class TimelineTests
{
    private static RequestTimeline Timeline(Saga saga) => RequestTimelines.Build(Recorded.Of(saga.History))!;

    [Fact]
    public void a_clean_run_shows_each_step_once_with_its_times_host_and_submitter()
    {
        var saga = Saga.ProvisionVm().RunToSuccess(Outputs.Typical);

        var timeline = Timeline(saga);

        Assert.Equal((Saga.RequestId, "provision-vm", Saga.Host, "TCK-7", RequestStatus.Succeeded), (timeline.RequestId, timeline.Workflow, timeline.Host, timeline.Ticket, timeline.Status));
        Assert.Equal(Saga.Submitter, timeline.SubmittedBy);
        Assert.Equal([Plans.InstallHost, Plans.CreateBridge, Plans.DefineDomain, Plans.AttachPort, Plans.Boot], timeline.Steps.Select(s => s.Step));
        Assert.All(timeline.Steps, s =>
        {
            Assert.Equal((StepMode.Execute, 0, Saga.Host, 1, TimelineOutcome.Succeeded, Saga.Submitter), (s.Mode, s.Round, s.Host, s.Attempts, s.Outcome, s.Actor));
            Assert.Null(s.Error);
            // Dispatched, then 10 s later the agent reports it started 1 s before finishing.
            Assert.Equal(s.DispatchedAt.AddSeconds(9), s.StartedAt);
            Assert.Equal(s.DispatchedAt.AddSeconds(10), s.FinishedAt);
            Assert.Equal(1.0, s.DurationSeconds);
        });
        Assert.Equal(TestClock.Start, timeline.SubmittedAt);
        Assert.Equal(50.0, timeline.DurationSeconds);
        Assert.Equal(["submitted", "succeeded"], timeline.Actions.Select(a => a.What));
        Assert.Equal(Saga.Submitter, timeline.Actions[0].Actor);
    }

    [Fact]
    public void an_agent_start_report_sets_the_start_and_a_running_attempt_has_no_end()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        saga.Clock.Advance(TimeSpan.FromSeconds(3));
        saga.Start();

        var step = Assert.Single(Timeline(saga).Steps);

        Assert.Equal((TimelineOutcome.Running, TestClock.Start.AddSeconds(3)), (step.Outcome, step.StartedAt));
        Assert.Null(step.FinishedAt);
        Assert.Null(step.DurationSeconds);
        Assert.Equal(RequestStatus.Running, Timeline(saga).Status);
    }

    [Fact]
    public void a_retried_step_lists_every_attempt_with_its_error_and_when_the_retry_was_due()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.CreateBridge);
        saga.FailTransiently("libvirt: connection reset");
        var due = saga.Timer.DueAt;
        saga.Clock.Advance(TimeSpan.FromSeconds(5));
        saga.FireRetry();

        var waiting = Timeline(saga).Steps.Single(s => s.Step == Plans.DefineDomain);
        Assert.Equal(TimelineOutcome.Dispatched, waiting.Outcome);
        saga.Succeed();
        var step = Timeline(saga).Steps.Single(s => s.Step == Plans.DefineDomain);

        Assert.Equal((2, TimelineOutcome.Succeeded), (step.Attempts, step.Outcome));
        Assert.Collection(step.AttemptLog,
            a => Assert.Equal((1, TimelineOutcome.Failed, "libvirt: connection reset", (DateTimeOffset?)due), (a.Attempt, a.Outcome, a.Error, a.RetryAt)),
            a => Assert.Equal((2, TimelineOutcome.Succeeded, (string?)null, (DateTimeOffset?)null), (a.Attempt, a.Outcome, a.Error, a.RetryAt)));
        Assert.Equal(step.AttemptLog[0].DispatchedAt, step.DispatchedAt);
        Assert.Equal(step.AttemptLog[1].FinishedAt, step.FinishedAt);
    }

    [Fact]
    public void a_step_waiting_for_its_retry_says_so()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.CreateBridge);
        saga.FailTransiently();

        var step = Timeline(saga).Steps.Single(s => s.Step == Plans.DefineDomain);

        Assert.Equal((TimelineOutcome.RetryScheduled, "connection refused"), (step.Outcome, step.Error));
    }

    [Fact]
    public void a_timed_out_attempt_is_shown_as_such()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.CreateBridge);
        saga.Clock.Advance(TimeSpan.FromMinutes(10));
        saga.TimeOut();

        var attempt = Timeline(saga).Steps.Single(s => s.Step == Plans.DefineDomain && s.Mode == StepMode.Execute).AttemptLog[0];

        Assert.Equal(TimelineOutcome.TimedOut, attempt.Outcome);
        Assert.Equal(saga.Clock.Now, attempt.FinishedAt);
        Assert.Contains("deadline", attempt.Error);
    }

    [Fact]
    public void a_permanent_failure_is_followed_by_the_undo_of_what_ran_newest_first()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.CreateBridge);
        saga.FailPermanently("invalid XML");
        saga.CompensateAll();

        var timeline = Timeline(saga);

        Assert.Equal(RequestStatus.RolledBack, timeline.Status);
        Assert.Equal(
            [(Plans.InstallHost, StepMode.Execute), (Plans.CreateBridge, StepMode.Execute), (Plans.DefineDomain, StepMode.Execute),
             (Plans.DefineDomain, StepMode.Compensate), (Plans.CreateBridge, StepMode.Compensate)],
            timeline.Steps.Select(s => (s.Step, s.Mode)));
        var failed = timeline.Steps.Single(s => s.Step == Plans.DefineDomain && s.Mode == StepMode.Execute);
        Assert.Equal((TimelineOutcome.Failed, "invalid XML"), (failed.Outcome, failed.Error));
        Assert.All(timeline.Steps.Where(s => s.Mode == StepMode.Compensate), s => Assert.Equal((1, TimelineOutcome.Succeeded), (s.Round, s.Outcome)));
        Assert.Equal(["submitted", "rollback-started", "rolled-back"], timeline.Actions.Select(a => a.What));
    }

    [Fact]
    public void an_operator_rollback_names_the_operator_on_the_undo_and_in_the_actions()
    {
        var saga = Saga.ProvisionVm().RunToSuccess(Outputs.Typical);
        saga.Clock.Advance(TimeSpan.FromDays(2));
        saga.Rollback("bob", "decommission");
        saga.CompensateAll();

        var timeline = Timeline(saga);

        Assert.Equal(RequestStatus.RolledBack, timeline.Status);
        Assert.All(timeline.Steps.Where(s => s.Mode == StepMode.Execute), s => Assert.Equal(Saga.Submitter, s.Actor));
        Assert.Equal([Plans.Boot, Plans.AttachPort, Plans.DefineDomain, Plans.CreateBridge],
            timeline.Steps.Where(s => s.Mode == StepMode.Compensate).Select(s => s.Step));
        Assert.All(timeline.Steps.Where(s => s.Mode == StepMode.Compensate), s => Assert.Equal("bob", s.Actor));
        Assert.Equal(
            [("submitted", Saga.Submitter), ("succeeded", Saga.Submitter), ("rollback-requested", "bob"), ("rollback-started", "bob"), ("rolled-back", "bob")],
            timeline.Actions.Select(a => (a.What, a.Actor)));
        Assert.Equal("decommission", timeline.Actions[2].Detail);
    }

    [Fact]
    public void a_cancel_names_who_cancelled()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.CreateBridge);
        saga.Cancel("bob", "wrong host");
        saga.Succeed();
        saga.CompensateAll();

        var timeline = Timeline(saga);

        Assert.Equal(RequestStatus.Cancelled, timeline.Status);
        Assert.Contains(timeline.Actions, a => a is { What: "cancel-requested", Actor: "bob", Detail: "wrong host" });
        Assert.Equal(("cancelled", "bob"), (timeline.Actions[^1].What, timeline.Actions[^1].Actor));
    }

    [Fact]
    public void an_undo_that_gives_up_and_its_retry_by_another_operator_are_separate_rounds()
    {
        var saga = Saga.ProvisionVm(maxAttempts: 1).RunToSuccess(Outputs.Typical);
        saga.Rollback("bob");
        saga.Succeed();
        saga.Succeed();
        saga.FailPermanently("domain is locked");
        saga.CompensateAll();
        Assert.Equal(RequestStatus.RollbackFailed, saga.Current.Status);
        saga.RetryRollback("carol");
        saga.CompensateAll();

        var timeline = Timeline(saga);

        var undos = timeline.Steps.Where(s => s.Step == Plans.DefineDomain && s.Mode == StepMode.Compensate).ToList();
        Assert.Collection(undos,
            s => Assert.Equal((1, TimelineOutcome.GaveUp, "domain is locked", "bob"), (s.Round, s.Outcome, s.Error, s.Actor)),
            s => Assert.Equal((2, TimelineOutcome.Succeeded, (string?)null, "carol"), (s.Round, s.Outcome, s.Error, s.Actor)));
        Assert.Equal(RequestStatus.RolledBack, timeline.Status);
        Assert.Contains(timeline.Actions, a => a is { What: "rollback-failed" });
        Assert.Contains(timeline.Actions, a => a is { What: "rollback-retry-requested", Actor: "carol" });
    }

    [Fact]
    public void a_stream_that_does_not_start_with_a_submission_has_no_timeline()
    {
        Assert.Null(RequestTimelines.Build([]));
        Assert.Null(RequestTimelines.Build([new RecordedEvent(new RequestSucceeded(TestClock.Start), "x")]));
    }
}
