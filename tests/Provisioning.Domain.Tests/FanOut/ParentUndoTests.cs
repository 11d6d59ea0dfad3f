using Provisioning.Domain.Steps;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Tests.FanOut;

/// <summary>If one host fails, every host's part is undone; cancel and rollback of the parent reach every child.</summary>
public class ParentUndoTests
{
    [Fact]
    public void when_one_host_fails_the_succeeded_one_is_rolled_back_and_the_parent_ends_rolled_back_naming_that_host()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();
        fleet.Relay().Finish("kvm-01");
        fleet.Answer("kvm-02", succeeded: true);

        fleet.Answer("kvm-02", succeeded: false, error: "uplink NIC 'em9' does not exist");
        fleet.Finish("kvm-02").Finish("kvm-01");

        var ask = Assert.Single(fleet.Asks);
        Assert.Equal((fleet.ChildOn("kvm-01"), ChildAction.Rollback), (ask.ChildId, ask.Action));
        Assert.Equal(RequestStatus.RolledBack, fleet.Child("kvm-01").Status);
        Assert.Equal(RequestStatus.RolledBack, fleet.Child("kvm-02").Status);
        Assert.Equal(RequestStatus.RolledBack, fleet.Parent.Status);
        var ended = Assert.IsType<RequestRolledBack>(fleet.ParentHistory[^1]);
        Assert.Equal("host kvm-02 failed: create-switch failed: uplink NIC 'em9' does not exist", ended.Reason);
        // Both hosts' create-switch was undone: the failing one cleans up its own partial work too.
        Assert.Contains(fleet.ChildHistory("kvm-01").OfType<StepCompensated>(), c => c.Step == StepCatalog.CreateSwitch.Name);
        Assert.Contains(fleet.ChildHistory("kvm-02").OfType<StepCompensated>(), c => c.Step == StepCatalog.CreateSwitch.Name);
    }

    [Fact]
    public void when_one_host_fails_a_host_still_running_is_cancelled()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();
        fleet.Relay();

        fleet.Answer("kvm-02", succeeded: false, error: "no package manager");

        var ask = Assert.Single(fleet.Asks);
        Assert.Equal((fleet.ChildOn("kvm-01"), ChildAction.Cancel), (ask.ChildId, ask.Action));
        Assert.True(fleet.Child("kvm-01").CancelRequested);
        Assert.Equal(RequestStatus.RollingBack, fleet.Parent.Status);

        // install-host on kvm-01 answers; the child stops there instead of going on to create-switch.
        fleet.Finish("kvm-01");

        Assert.Equal(RequestStatus.Cancelled, fleet.Child("kvm-01").Status);
        Assert.DoesNotContain(fleet.ChildHistory("kvm-01").OfType<StepDispatched>(), d => d.Step == StepCatalog.CreateSwitch.Name);
        Assert.Equal(RequestStatus.RolledBack, fleet.Parent.Status);
        Assert.StartsWith("host kvm-02 failed: install-host failed: no package manager", fleet.Parent.CompensationReason);
    }

    [Fact]
    public void a_cancel_that_meets_the_last_step_in_flight_makes_that_child_undo_it_itself()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();
        fleet.Relay().Answer("kvm-01", succeeded: true); // kvm-01's create-switch is in flight

        fleet.Answer("kvm-02", succeeded: false, error: "no package manager");
        fleet.Answer("kvm-01", succeeded: true); // the cancel met the last step: the child undoes it itself

        Assert.Equal(RequestStatus.RollingBack, fleet.Child("kvm-01").Status);
        fleet.Finish("kvm-01");
        Assert.Equal(RequestStatus.Cancelled, fleet.Child("kvm-01").Status);
        Assert.Equal(RequestStatus.RolledBack, fleet.Parent.Status);
    }

    [Fact]
    public void a_success_notice_that_arrives_while_the_parent_undoes_asks_that_child_to_roll_back()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();
        fleet.Relay();
        var parent = SwitchFleet.ParentId;
        fleet.Decide(parent, new CancelRequest("bob", null));

        var decision = fleet.Decide(parent, new RecordChildFinished(fleet.ChildOn("kvm-01"), 9, RequestStatus.Succeeded, null, []));

        var ask = Assert.IsType<ChildActionRequested>(decision.Events[^1]);
        Assert.Equal((fleet.ChildOn("kvm-01"), ChildAction.Rollback), (ask.ChildId, ask.Action));
    }

    [Fact]
    public void cancelling_the_parent_cancels_every_running_child_and_ends_cancelled_once_all_are_undone()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02", "kvm-03");
        fleet.Submit();
        fleet.Relay().Finish("kvm-03");

        var decision = fleet.Decide(SwitchFleet.ParentId, new CancelRequest("bob", "wrong VLANs"));
        fleet.Relay();

        Assert.Equal(new CancelRequested("bob", "wrong VLANs", fleet.Clock.Now), decision.Events[0]);
        Assert.Equal(
            [(fleet.ChildOn("kvm-01"), ChildAction.Cancel), (fleet.ChildOn("kvm-02"), ChildAction.Cancel), (fleet.ChildOn("kvm-03"), ChildAction.Rollback)],
            fleet.Asks.Select(a => (a.ChildId, a.Action)));
        Assert.All(fleet.Asks, a => Assert.Equal("bob", a.Actor));

        fleet.Finish("kvm-01").Finish("kvm-02").Finish("kvm-03");

        Assert.Equal(RequestStatus.Cancelled, fleet.Child("kvm-01").Status);
        Assert.Equal(RequestStatus.RolledBack, fleet.Child("kvm-03").Status);
        Assert.Equal(RequestStatus.Cancelled, fleet.Parent.Status);
        Assert.Equal(new RequestCancelled("bob", fleet.Clock.Now), fleet.ParentHistory[^1]);
    }

    [Fact]
    public void cancelling_twice_asks_once_and_cancelling_a_finished_parent_is_refused()
    {
        var fleet = new SwitchFleet("kvm-01");
        fleet.Submit();
        fleet.Relay();
        fleet.Decide(SwitchFleet.ParentId, new CancelRequest("bob", null));

        Assert.Empty(fleet.Decide(SwitchFleet.ParentId, new CancelRequest("carol", null)).Events);
        fleet.Relay().Finish("kvm-01");
        Assert.Single(fleet.Asks);

        var refused = fleet.Decide(SwitchFleet.ParentId, new CancelRequest("carol", null));
        Assert.Contains("Cancelled", refused.Rejection);
    }

    [Fact]
    public void rolling_back_a_succeeded_parent_rolls_back_every_child()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();
        fleet.Relay().Finish("kvm-01").Finish("kvm-02");

        fleet.Decide(SwitchFleet.ParentId, new RollbackRequest("bob", "switch retired"));
        fleet.Relay();

        Assert.Equal([ChildAction.Rollback, ChildAction.Rollback], fleet.Asks.Select(a => a.Action));
        Assert.Equal(RequestStatus.RollingBack, fleet.Parent.Status);
        fleet.Finish("kvm-01");
        Assert.Equal(RequestStatus.RollingBack, fleet.Parent.Status);
        fleet.Finish("kvm-02");
        Assert.Equal(RequestStatus.RolledBack, fleet.Parent.Status);
        Assert.Equal("rollback requested by bob", fleet.Parent.CompensationReason);
    }

    [Fact]
    public void rolling_back_a_parent_that_has_not_succeeded_is_refused()
    {
        var fleet = new SwitchFleet("kvm-01");
        fleet.Submit();

        var decision = fleet.Decide(SwitchFleet.ParentId, new RollbackRequest("bob", null));

        Assert.Empty(decision.Events);
        Assert.Contains("Running", decision.Rejection);
    }

    [Fact]
    public void a_child_whose_undo_fails_leaves_the_parent_rollback_failed_with_what_is_left_and_where()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();
        fleet.Relay().Finish("kvm-01");
        fleet.Answer("kvm-02", succeeded: true);
        fleet.Answer("kvm-02", succeeded: false, error: "boom");
        fleet.Finish("kvm-02");

        // kvm-01's remove-switch fails for good.
        fleet.Answer("kvm-01", succeeded: false, transient: false, error: "ovsdb refused");

        Assert.Equal(RequestStatus.RollbackFailed, fleet.Child("kvm-01").Status);
        Assert.Equal(RequestStatus.RollbackFailed, fleet.Parent.Status);
        Assert.Contains(fleet.Parent.Leftovers, l => l.Contains("bridge localbr on kvm-01", StringComparison.Ordinal));
    }

    [Fact]
    public void retrying_a_failed_rollback_asks_only_the_children_whose_undo_failed()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();
        fleet.Relay().Finish("kvm-01");
        fleet.Answer("kvm-02", succeeded: true);
        fleet.Answer("kvm-02", succeeded: false, error: "boom");
        fleet.Finish("kvm-02");
        fleet.Answer("kvm-01", succeeded: false, transient: false, error: "ovsdb refused");
        var asked = fleet.Asks.Count;

        fleet.Decide(SwitchFleet.ParentId, new RetryRollback("carol"));
        fleet.Relay();

        var retry = Assert.Single(fleet.Asks.Skip(asked));
        Assert.Equal((fleet.ChildOn("kvm-01"), ChildAction.RetryRollback), (retry.ChildId, retry.Action));
        fleet.Finish("kvm-01");
        Assert.Equal(RequestStatus.RolledBack, fleet.Child("kvm-01").Status);
        Assert.Equal(RequestStatus.RolledBack, fleet.Parent.Status);
        Assert.Empty(fleet.Parent.Leftovers);
    }
}
