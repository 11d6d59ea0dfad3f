using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Decider;

/// <summary>
/// A step's timeout bounds its run: it counts from the agent's start, and a command still waiting in the queue of a
/// host whose agent answers is a backlog, given the engine's queue allowance instead of a timeout.
/// </summary>
public class QueuedDeadlineTests
{
    private static readonly TimeSpan Allowance = TimeSpan.FromMinutes(15);

    // define-domain's timeout in the provision-vm plan is 300 s.
    private static Saga DefineDomainInFlight() => Saga.ProvisionVm().RunThrough(Plans.CreateBridge, Outputs.Typical);

    [Fact]
    public void a_start_after_a_wait_in_the_queue_moves_the_deadline_to_the_start_plus_the_timeout()
    {
        var saga = DefineDomainInFlight();
        var dispatchedAt = saga.Clock.Now;
        saga.Clock.Advance(TimeSpan.FromSeconds(200));

        var started = Assert.IsType<StepStartedOnHost>(Assert.Single(saga.Start().Events));

        Assert.Equal(saga.Clock.Now.AddSeconds(300), started.DeadlineAt);
        Assert.Equal(saga.Clock.Now.AddSeconds(300), saga.Pending.DeadlineAt);
        Assert.NotEqual(dispatchedAt.AddSeconds(300), saga.Pending.DeadlineAt);
    }

    [Fact]
    public void a_start_the_agent_dates_ahead_of_now_or_before_the_dispatch_cannot_move_the_deadline_past_or_before_its_bounds()
    {
        var ahead = DefineDomainInFlight();
        ahead.Clock.Advance(TimeSpan.FromSeconds(10));
        var fromAhead = (StepStartedOnHost)ahead.Decide(new RecordStepStarted(ahead.Pending.CommandId, ahead.Clock.Now.AddHours(1))).Events[0];
        Assert.Equal(ahead.Clock.Now.AddSeconds(300), fromAhead.DeadlineAt);

        var behind = DefineDomainInFlight();
        var dispatchedAt = behind.Clock.Now;
        behind.Clock.Advance(TimeSpan.FromSeconds(10));
        var fromBehind = (StepStartedOnHost)behind.Decide(new RecordStepStarted(behind.Pending.CommandId, dispatchedAt.AddHours(-1))).Events[0];
        Assert.Equal(dispatchedAt.AddSeconds(300), fromBehind.DeadlineAt);
    }

    [Fact]
    public void a_deadline_that_finds_the_command_unstarted_on_an_answering_host_waits_until_the_allowance_ends()
    {
        var saga = DefineDomainInFlight();
        var pending = saga.Pending;
        saga.Clock.Advance(TimeSpan.FromSeconds(300));

        var decision = saga.Decide(new FireDeadline(pending.CommandId, Allowance));

        var dispatchedAt = saga.Clock.Now.AddSeconds(-300);
        Assert.Equal([new StepAwaitingStart(pending.CommandId, Plans.DefineDomain, StepMode.Execute, 1, Saga.Host, saga.Clock.Now, dispatchedAt + Allowance)],
            decision.Events);
        Assert.Equal(RequestStatus.Running, saga.Current.Status);
        Assert.Equal(dispatchedAt + Allowance, saga.Pending.DeadlineAt);
        Assert.Equal(pending.CommandId, saga.Pending.CommandId);
    }

    [Fact]
    public void a_command_that_starts_within_the_allowance_gets_its_whole_timeout_from_the_start_and_then_succeeds()
    {
        var saga = DefineDomainInFlight();
        saga.Clock.Advance(TimeSpan.FromSeconds(300));
        saga.Decide(new FireDeadline(saga.Pending.CommandId, Allowance));
        saga.Clock.Advance(TimeSpan.FromMinutes(10));

        var started = (StepStartedOnHost)saga.Start().Events[0];
        Assert.Equal(saga.Clock.Now.AddSeconds(300), started.DeadlineAt);

        saga.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.IsType<StepSucceeded>(saga.Succeed().Events[0]);
        Assert.Equal(Plans.AttachPort, saga.Pending.Step);
    }

    [Fact]
    public void a_command_still_unstarted_when_the_allowance_ends_times_out_and_is_compensated()
    {
        var saga = DefineDomainInFlight();
        var pending = saga.Pending;
        saga.Clock.Advance(TimeSpan.FromSeconds(300));
        saga.Decide(new FireDeadline(pending.CommandId, Allowance));
        saga.Clock.Advance(Allowance - TimeSpan.FromSeconds(300));

        var decision = saga.Decide(new FireDeadline(pending.CommandId, Allowance));

        Assert.Equal(new StepTimedOut(pending.CommandId, Plans.DefineDomain, StepMode.Execute, 1, Saga.Host, saga.Clock.Now), decision.Events[0]);
        Assert.IsType<CompensationStarted>(decision.Events[1]);
    }

    [Fact]
    public void a_silent_host_or_a_started_step_gets_no_allowance()
    {
        var silent = DefineDomainInFlight();
        silent.Clock.Advance(TimeSpan.FromSeconds(300));
        Assert.IsType<StepTimedOut>(silent.Decide(new FireDeadline(silent.Pending.CommandId, TimeSpan.Zero)).Events[0]);

        var running = DefineDomainInFlight();
        running.Start();
        running.Clock.Advance(TimeSpan.FromSeconds(300));
        Assert.IsType<StepTimedOut>(running.Decide(new FireDeadline(running.Pending.CommandId, Allowance)).Events[0]);
    }

    [Fact]
    public void an_allowance_shorter_than_the_timeout_changes_nothing()
    {
        var saga = DefineDomainInFlight();
        saga.Clock.Advance(TimeSpan.FromSeconds(300));

        Assert.IsType<StepTimedOut>(saga.Decide(new FireDeadline(saga.Pending.CommandId, TimeSpan.FromSeconds(60))).Events[0]);
    }

    [Fact]
    public void an_undo_waiting_in_the_queue_gets_the_allowance_too()
    {
        var saga = DefineDomainInFlight();
        saga.FailPermanently();
        var undo = saga.Pending;
        saga.Clock.Advance(TimeSpan.FromSeconds(300));

        var queued = Assert.IsType<StepAwaitingStart>(Assert.Single(saga.Decide(new FireDeadline(undo.CommandId, Allowance)).Events));

        Assert.Equal((StepMode.Compensate, Plans.DefineDomain), (queued.Mode, queued.Step));
        Assert.Equal(RequestStatus.RollingBack, saga.Current.Status);
    }

    [Fact]
    public void a_deadline_read_before_a_start_moved_it_changes_nothing_when_it_fires()
    {
        var saga = DefineDomainInFlight();
        var pending = saga.Pending;
        saga.Clock.Advance(TimeSpan.FromSeconds(299));
        saga.Start();
        saga.Clock.Advance(TimeSpan.FromSeconds(2));

        // The poller loaded the deadline as dispatched (due now) just before the start moved it 300 s on.
        Assert.Empty(saga.Decide(new FireDeadline(pending.CommandId, Allowance)).Events);
        Assert.Equal(RequestStatus.Running, saga.Current.Status);
    }

    [Fact]
    public void a_state_folded_from_a_stream_without_timeouts_in_its_pending_command_keeps_its_deadline()
    {
        var saga = DefineDomainInFlight();
        var old = saga.Current with { Pending = saga.Pending with { DispatchedAt = default, TimeoutSeconds = 0 } };
        var later = saga.Clock.Now.AddSeconds(100);

        var started = (StepStartedOnHost)RequestDecider.Decide(old, new RecordStepStarted(old.Pending!.CommandId, later), new DecisionContext(later, Guid.NewGuid, 0)).Events[0];
        var fired = RequestDecider.Decide(old, new FireDeadline(old.Pending.CommandId, Allowance), new DecisionContext(old.Pending.DeadlineAt, Guid.NewGuid, 0));

        Assert.Equal(old.Pending.DeadlineAt, started.DeadlineAt);
        Assert.IsType<StepTimedOut>(fired.Events[0]);
    }
}
