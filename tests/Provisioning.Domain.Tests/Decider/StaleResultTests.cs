using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

/// <summary>At-least-once delivery: duplicates, strays and latecomers must change nothing.</summary>
public class StaleResultTests
{
    [Fact]
    public void a_duplicate_result_changes_nothing()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        var result = saga.Result(saga.Pending, true);
        saga.Decide(result);
        var before = saga.Current;

        var again = saga.Decide(result);

        Assert.Empty(again.Events);
        Assert.Null(again.Rejection);
        Assert.Same(before, saga.Current);
    }

    [Fact]
    public void a_duplicate_failure_does_not_schedule_a_second_retry()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        var failure = saga.Result(saga.Pending, false, transient: true, error: "busy");
        saga.Decide(failure);

        Assert.Empty(saga.Decide(failure).Events);
        Assert.Single(saga.History.OfType<StepRetryScheduled>());
    }

    [Fact]
    public void a_result_with_an_unknown_command_id_changes_nothing()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        var stray = saga.Result(saga.Pending with { CommandId = Guid.NewGuid() }, true);

        Assert.Empty(saga.Decide(stray).Events);
        Assert.Equal(StepStatus.Dispatched, saga.Step(Plans.InstallHost).Status);
    }

    [Fact]
    public void a_result_after_the_request_succeeded_changes_nothing()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.AttachPort);
        var last = saga.Result(saga.Pending, true);
        saga.Decide(last);

        Assert.Empty(saga.Decide(last).Events);
        Assert.Empty(saga.Decide(last with { Succeeded = false, Error = "late" }).Events);
        Assert.Equal(RequestStatus.Succeeded, saga.Current.Status);
    }

    [Fact]
    public void a_result_after_the_request_rolled_back_changes_nothing()
    {
        var saga = Saga.ProvisionVm().RunThrough(Plans.InstallHost);
        saga.FailPermanently();
        var compensation = saga.Result(saga.Pending, true);
        saga.Decide(compensation);
        Assert.Equal(RequestStatus.RolledBack, saga.Current.Status);

        Assert.Empty(saga.Decide(compensation).Events);
    }

    [Fact]
    public void a_result_of_an_earlier_attempt_after_the_retry_was_dispatched_changes_nothing()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        var firstAttempt = saga.Pending;
        saga.FailTransiently();
        saga.FireRetry();
        var retry = saga.Pending;

        Assert.Empty(saga.Decide(saga.Result(firstAttempt, true)).Events);
        Assert.Equal(retry, saga.Pending);
        Assert.Equal(StepStatus.Dispatched, saga.Step(Plans.InstallHost).Status);
    }

    [Fact]
    public void a_result_of_an_earlier_attempt_while_the_retry_waits_changes_nothing()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        var firstAttempt = saga.Pending;
        saga.FailTransiently();

        Assert.Empty(saga.Decide(saga.Result(firstAttempt, true)).Events);
        Assert.Equal(StepStatus.RetryScheduled, saga.Step(Plans.InstallHost).Status);
    }

    [Fact]
    public void a_result_for_step_one_while_step_two_is_pending_changes_nothing()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        var stepOne = saga.Pending;
        saga.Succeed();

        Assert.Empty(saga.Decide(saga.Result(stepOne, false, transient: false, error: "late")).Events);
        Assert.Equal(StepStatus.Succeeded, saga.Step(Plans.InstallHost).Status);
        Assert.Equal(Plans.CreateBridge, saga.Pending.Step);
    }
}
