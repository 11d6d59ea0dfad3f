using System.Text.Json;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

/// <summary>The state is only ever the fold of the stream: what the decider saw is what a reload gives.</summary>
public class FoldTests
{
    private static string Snapshot(RequestState? state) => JsonSerializer.Serialize(state);

    /// <summary>A saga through a retry, a timeout, a failed undo and a retried rollback.</summary>
    private static Saga Eventful()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        saga.Start();
        saga.Succeed(Outputs.Typical(Plans.InstallHost));
        saga.FailTransiently();
        saga.Clock.Advance(TimeSpan.FromSeconds(2));
        saga.FireRetry();
        saga.Succeed(Outputs.Typical(Plans.CreateBridge));
        saga.Succeed(Outputs.Typical(Plans.DefineDomain));
        saga.Clock.Advance(TimeSpan.FromSeconds(150));
        saga.TimeOut();
        saga.Succeed();
        saga.FailPermanently("volume in use");
        saga.Succeed();
        saga.RetryRollback();
        saga.CompensateAll();
        return saga;
    }

    [Fact]
    public void folding_the_decided_events_reproduces_the_state_the_decider_worked_with()
    {
        var saga = Eventful();

        Assert.Equal(RequestStatus.RolledBack, saga.Current.Status);
        Assert.Equal(Snapshot(saga.State), Snapshot(RequestState.Fold(saga.History)));
    }

    [Fact]
    public void folding_any_prefix_of_the_stream_gives_the_state_at_that_point()
    {
        var saga = Saga.ProvisionVm();
        var states = new List<(int Length, string State)>();
        void Record() => states.Add((saga.History.Count, Snapshot(saga.State)));
        saga.Submit(); Record();
        saga.FailTransiently(); Record();
        saga.FireRetry(); Record();
        saga.Succeed(); Record();
        saga.Cancel(); Record();
        saga.FailPermanently(); Record();
        saga.Succeed(); Record();

        Assert.All(states, s => Assert.Equal(s.State, Snapshot(RequestState.Fold(saga.History.Take(s.Length)))));
    }

    [Fact]
    public void a_stream_that_does_not_begin_with_a_submission_folds_to_nothing()
    {
        Assert.Null(RequestState.Fold([]));
        Assert.Null(RequestState.Fold([new RequestSucceeded(TestClock.Start)]));
    }

    [Fact]
    public void an_unknown_event_changes_nothing()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();

        Assert.Same(saga.Current, saga.Current.Evolve(new { Something = "new" }));
    }

    [Fact]
    public void a_step_view_shows_attempts_host_times_and_outputs()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        var dispatchedAt = saga.Clock.Now;
        saga.Clock.Advance(TimeSpan.FromSeconds(30));
        saga.FailTransiently("apt lock held");

        var failed = saga.Step(Plans.InstallHost);
        Assert.Equal((1, Saga.Host, dispatchedAt, saga.Clock.Now, "apt lock held"),
            (failed.Attempts, failed.Host, failed.StartedAt, failed.FinishedAt, failed.Error));

        saga.Clock.Advance(TimeSpan.FromSeconds(5));
        saga.FireRetry();
        Assert.Null(saga.Step(Plans.InstallHost).FinishedAt);
        saga.Clock.Advance(TimeSpan.FromSeconds(40));
        saga.Succeed(Outputs.Typical(Plans.InstallHost));

        var done = saga.Step(Plans.InstallHost);
        Assert.Equal((StepStatus.Succeeded, 2, Saga.Host, dispatchedAt, saga.Clock.Now, (string?)null),
            (done.Status, done.Attempts, done.Host, done.StartedAt, done.FinishedAt, done.Error));
        Expect.SameJson(Outputs.Typical(Plans.InstallHost), done.Outputs);
        Assert.Equal((0, (string?)null, (DateTimeOffset?)null), (saga.Step(Plans.Boot).Attempts, saga.Step(Plans.Boot).Host, saga.Step(Plans.Boot).StartedAt));
    }

    [Fact]
    public void a_timed_out_step_view_says_so()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        saga.Clock.Advance(TimeSpan.FromSeconds(900));

        saga.TimeOut();

        var step = saga.Step(Plans.InstallHost);
        Assert.Equal((StepStatus.TimedOut, saga.Clock.Now, "timed out after attempt 1"), (step.Status, step.FinishedAt, step.Error));
    }

    [Fact]
    public void the_submitter_drives_the_request_until_someone_else_starts_a_compensation()
    {
        var saga = Saga.ProvisionVm().RunToSuccess();
        Assert.Equal(Saga.Submitter, saga.Current.DrivingActor);
        Assert.Null(saga.Current.CompensationActor);

        saga.Rollback("bob");

        Assert.Equal("bob", saga.Current.DrivingActor);
        Assert.Equal(Saga.Submitter, saga.Current.Actor);
    }

    [Fact]
    public void a_compensation_after_a_failure_is_driven_by_the_submitter()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.CreateBridge);

        saga.FailPermanently();

        Assert.Equal(Saga.Submitter, saga.Current.DrivingActor);
    }

    [Fact]
    public void whoever_retries_a_rollback_drives_it()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.CreateBridge);
        saga.FailPermanently();
        saga.Succeed();
        saga.FailPermanently();

        saga.RetryRollback("carol");

        Assert.Equal("carol", saga.Current.DrivingActor);
    }
}
