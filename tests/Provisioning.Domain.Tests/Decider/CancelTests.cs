using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

/// <summary>Cancel stops after the current step and undoes what ran.</summary>
public class CancelTests
{
    private static Saga DefineDomainInFlight() => Saga.ProvisionVm().RunThrough(Plans.CreateBridge, Outputs.Typical);

    [Fact]
    public void cancelling_while_a_command_is_in_flight_only_records_the_request()
    {
        var saga = DefineDomainInFlight();
        var pending = saga.Pending;

        var decision = saga.Cancel("bob", "wrong VLAN");

        Assert.Equal([new CancelRequested("bob", "wrong VLAN", saga.Clock.Now)], decision.Events);
        Assert.True(saga.Current.CancelRequested);
        Assert.Equal(pending, saga.Pending);
        Assert.Equal(RequestStatus.Running, saga.Current.Status);
    }

    [Fact]
    public void the_in_flight_success_after_a_cancel_starts_compensation_instead_of_the_next_step()
    {
        var saga = DefineDomainInFlight();
        saga.Cancel();

        var decision = saga.Succeed(Outputs.Typical(Plans.DefineDomain));

        Assert.Collection(decision.Events,
            e => Assert.IsType<StepSucceeded>(e),
            e =>
            {
                var started = Assert.IsType<CompensationStarted>(e);
                Assert.Equal("cancelled", started.Reason);
                Assert.Equal([Plans.DefineDomain, Plans.CreateBridge], started.StepsToCompensate);
            },
            e => Expect.Dispatch(e, Plans.DefineDomain, StepMode.Compensate));
        Assert.DoesNotContain(saga.Dispatched, d => d.Step == Plans.AttachPort);
    }

    [Fact]
    public void a_cancelled_request_ends_cancelled_once_undone()
    {
        var saga = DefineDomainInFlight();
        saga.Cancel();
        saga.Succeed();
        saga.Succeed();

        var decision = saga.Succeed();

        Assert.IsType<RequestCancelled>(decision.Events[^1]);
        Assert.Equal(RequestStatus.Cancelled, saga.Current.Status);
        Assert.True(saga.Current.IsTerminal);
    }

    [Fact]
    public void a_transient_failure_in_flight_after_a_cancel_is_not_retried()
    {
        var saga = DefineDomainInFlight();
        saga.Cancel();

        var decision = saga.FailTransiently();

        Assert.DoesNotContain(decision.Events, e => e is StepRetryScheduled);
        Assert.Equal([Plans.DefineDomain, Plans.CreateBridge], decision.Events.OfType<CompensationStarted>().Single().StepsToCompensate);
    }

    [Fact]
    public void cancelling_while_a_retry_waits_compensates_at_once()
    {
        var saga = DefineDomainInFlight();
        saga.FailTransiently();
        var timer = saga.Timer.TimerId;

        var decision = saga.Cancel();

        Assert.Collection(decision.Events,
            e => Assert.IsType<CancelRequested>(e),
            e => Assert.Equal("cancelled", Assert.IsType<CompensationStarted>(e).Reason),
            e => Assert.Equal(StepMode.Compensate, Assert.IsType<StepDispatched>(e).Mode));
        Assert.Null(saga.Current.Timer);
        Assert.Empty(saga.Decide(new FireDeadline(timer)).Events);
    }

    [Fact]
    public void cancelling_while_a_retry_waits_also_undoes_the_step_that_failed()
    {
        // Its first attempt may have left a volume or a domain behind, exactly as when it fails for good.
        var saga = DefineDomainInFlight();
        saga.FailTransiently();

        saga.Cancel();

        Assert.Equal([Plans.DefineDomain, Plans.CreateBridge], saga.History.OfType<CompensationStarted>().Single().StepsToCompensate);
    }

    [Fact]
    public void cancelling_twice_changes_nothing_the_second_time()
    {
        var saga = DefineDomainInFlight();
        saga.Cancel();

        var again = saga.Cancel("carol");

        Assert.Empty(again.Events);
        Assert.Null(again.Rejection);
    }

    [Fact]
    public void cancelling_during_a_rollback_changes_nothing()
    {
        var saga = DefineDomainInFlight();
        saga.FailPermanently();

        Assert.Empty(saga.Cancel().Events);
        Assert.False(saga.Current.CancelRequested);
    }

    [Fact]
    public void cancelling_an_ended_request_is_refused()
    {
        var cancelled = DefineDomainInFlight();
        cancelled.Cancel();
        cancelled.Succeed();
        cancelled.CompensateAll();
        Saga[] ended =
        [
            Saga.ProvisionVm().RunToSuccess(),
            DefineDomainInFlight().Also(s => s.FailPermanently()).CompensateAll(),
            cancelled,
        ];

        Assert.All(ended, saga =>
        {
            Assert.True(saga.Current.IsTerminal);
            var decision = saga.Cancel();
            Assert.Empty(decision.Events);
            Assert.NotNull(decision.Rejection);
        });
    }

    [Fact]
    public void the_cancelled_event_names_who_cancelled()
    {
        var saga = DefineDomainInFlight();
        saga.Cancel("bob");
        saga.Succeed();

        saga.CompensateAll();

        Assert.Equal("bob", saga.History.OfType<RequestCancelled>().Single().Actor);
    }

    [Fact]
    public void whoever_cancels_in_flight_drives_the_compensation()
    {
        var saga = DefineDomainInFlight();
        saga.Cancel("bob");

        saga.Succeed();

        Assert.Equal("bob", saga.History.OfType<CompensationStarted>().Single().Actor);
        Assert.Equal("bob", saga.Current.DrivingActor);
    }

    [Fact]
    public void whoever_cancels_while_nothing_is_in_flight_drives_the_compensation()
    {
        var saga = DefineDomainInFlight();
        saga.FailTransiently();

        saga.Cancel("bob");

        Assert.Equal("bob", saga.History.OfType<CompensationStarted>().Single().Actor);
        Assert.Equal("bob", saga.Current.DrivingActor);
    }
}
