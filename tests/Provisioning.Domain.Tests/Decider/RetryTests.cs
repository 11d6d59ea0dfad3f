using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

public class RetryTests
{
    private static Saga FailedOnceAtCreateBridge(double random = 0.5)
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.InstallHost);
        saga.Clock.Random = random;
        saga.FailTransiently("ovsdb busy");
        return saga;
    }

    [Fact]
    public void a_transient_failure_with_attempts_left_schedules_a_retry()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.InstallHost);
        var attempt = saga.Pending;
        var timerId = saga.Clock.PeekNextId;

        var decision = saga.FailTransiently("ovsdb busy");

        Assert.Collection(decision.Events,
            e =>
            {
                var failed = Assert.IsType<StepFailed>(e);
                Assert.Equal((attempt.CommandId, Plans.CreateBridge, 1, Saga.Host, "ovsdb busy", true, saga.Clock.Now),
                    (failed.CommandId, failed.Step, failed.Attempt, failed.Host, failed.Error, failed.Transient, failed.FinishedAt));
            },
            e => Assert.Equal(new StepRetryScheduled(timerId, Plans.CreateBridge, StepMode.Execute, 2,
                saga.Clock.Now.AddSeconds(2), "ovsdb busy"), e));
        Assert.Null(saga.Current.Pending);
        Assert.Equal(new PendingTimer(timerId, Plans.CreateBridge, StepMode.Execute, 2, saga.Clock.Now.AddSeconds(2)), saga.Timer);
        Assert.Equal(StepStatus.RetryScheduled, saga.Step(Plans.CreateBridge).Status);
        Assert.Equal(RequestStatus.Running, saga.Current.Status);
    }

    [Fact]
    public void each_retry_waits_longer_than_the_one_before()
    {
        var saga = new Saga([Plans.Step(Plans.CreateBridge, maxAttempts: 4)]);
        saga.Submit();
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            saga.FailTransiently();
            delays.Add(saga.Timer.DueAt - saga.Clock.Now);
            saga.Clock.Advance(delays[^1]);
            saga.FireRetry();
        }

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], delays);
        Assert.Equal(4, saga.Pending.Attempt);
    }

    [Theory]
    [InlineData(0.0, 1.8)]
    [InlineData(0.5, 2.0)]
    [InlineData(0.999, 2.1996)]
    public void the_retry_time_is_jittered_by_the_random_input(double random, double expectedSeconds)
    {
        var saga = FailedOnceAtCreateBridge(random);

        Assert.Equal(expectedSeconds, (saga.Timer.DueAt - saga.Clock.Now).TotalSeconds, 3);
    }

    [Fact]
    public void firing_the_retry_dispatches_the_next_attempt_with_a_new_command_id()
    {
        var saga = FailedOnceAtCreateBridge();
        var firstCommand = saga.History.OfType<StepFailed>().Single().CommandId;
        saga.Clock.Advance(TimeSpan.FromSeconds(2));
        var expectedId = saga.Clock.PeekNextId;

        var decision = saga.FireRetry();

        var dispatched = Assert.IsType<StepDispatched>(Assert.Single(decision.Events));
        Assert.Equal(expectedId, dispatched.CommandId);
        Assert.NotEqual(firstCommand, dispatched.CommandId);
        Assert.Equal((Plans.CreateBridge, StepMode.Execute, 2), (dispatched.Step, dispatched.Mode, dispatched.Attempt));
        Assert.Equal(saga.Clock.Now.AddSeconds(120), dispatched.DeadlineAt);
        Assert.Null(saga.Current.Timer);
        Assert.Equal(2, saga.Step(Plans.CreateBridge).Attempts);
    }

    [Fact]
    public void firing_the_same_retry_timer_twice_dispatches_once()
    {
        var saga = FailedOnceAtCreateBridge();
        var timer = saga.Timer.TimerId;
        saga.FireRetry();

        Assert.Empty(saga.Decide(new FireDeadline(timer)).Events);
        Assert.Equal(2, saga.Dispatched.Count(d => d.Step == Plans.CreateBridge));
    }

    [Fact]
    public void firing_a_deadline_that_is_not_current_changes_nothing()
    {
        var saga = FailedOnceAtCreateBridge();
        var failedCommand = saga.History.OfType<StepFailed>().Single().CommandId;

        Assert.Empty(saga.Decide(new FireDeadline(Guid.NewGuid())).Events);
        Assert.Empty(saga.Decide(new FireDeadline(failedCommand)).Events);
        Assert.Equal(StepStatus.RetryScheduled, saga.Step(Plans.CreateBridge).Status);
    }

    [Fact]
    public void a_step_that_succeeds_on_its_retry_moves_on()
    {
        var saga = FailedOnceAtCreateBridge();
        saga.FireRetry();

        var decision = saga.Succeed();

        Assert.Equal(Plans.DefineDomain, Assert.IsType<StepDispatched>(decision.Events[1]).Step);
        Assert.Equal(StepStatus.Succeeded, saga.Step(Plans.CreateBridge).Status);
        Assert.Null(saga.Step(Plans.CreateBridge).Error);
    }

    [Fact]
    public void a_step_allowed_one_attempt_is_not_retried()
    {
        var saga = new Saga([Plans.Step(Plans.InstallHost), Plans.Step(Plans.CreateBridge, maxAttempts: 1)]);
        saga.RunThrough(Plans.InstallHost);

        var decision = saga.FailTransiently();

        Assert.DoesNotContain(decision.Events, e => e is StepRetryScheduled);
        Assert.Contains(decision.Events, e => e is CompensationStarted);
    }
}
