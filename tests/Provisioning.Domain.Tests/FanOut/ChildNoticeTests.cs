using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.FanOut;

/// <summary>Notices from children reach the parent at least once; a repeated, older or foreign one changes nothing.</summary>
public class ChildNoticeTests
{
    private static SwitchFleet Running()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();
        fleet.Relay();
        return fleet;
    }

    [Fact]
    public void the_same_notice_twice_changes_nothing_the_second_time()
    {
        var fleet = Running();
        var notice = new RecordChildFinished(fleet.ChildOn("kvm-01"), 7, RequestStatus.Succeeded, null, []);

        var first = fleet.Decide(SwitchFleet.ParentId, notice);
        var second = fleet.Decide(SwitchFleet.ParentId, notice);

        Assert.IsType<ChildFinished>(Assert.Single(first.Events));
        Assert.Same(Decision.None, second);
    }

    [Fact]
    public void a_failure_notice_repeated_after_the_undo_began_asks_nothing_more()
    {
        var fleet = Running();
        var failed = new RecordChildFinished(fleet.ChildOn("kvm-02"), 12, RequestStatus.RolledBack, "create-switch failed: boom", []);

        fleet.Decide(SwitchFleet.ParentId, failed);
        var asks = fleet.Asks.Count;
        var again = fleet.Decide(SwitchFleet.ParentId, failed);

        Assert.Empty(again.Events);
        Assert.Equal(1, asks);
        Assert.Equal(asks, fleet.Asks.Count);
    }

    [Fact]
    public void an_older_notice_arriving_after_a_newer_one_changes_nothing()
    {
        var fleet = Running();
        var child = fleet.ChildOn("kvm-01");
        fleet.Decide(SwitchFleet.ParentId, new RecordChildFinished(child, 20, RequestStatus.RolledBack, "rollback requested by bob", []));

        var stale = fleet.Decide(SwitchFleet.ParentId, new RecordChildFinished(child, 11, RequestStatus.Succeeded, null, []));

        Assert.Same(Decision.None, stale);
        Assert.Equal(RequestStatus.RolledBack, fleet.Parent.ChildOf(child)!.Status);
    }

    [Fact]
    public void a_notice_from_a_request_that_is_not_a_child_is_refused()
    {
        var fleet = Running();

        var decision = fleet.Decide(SwitchFleet.ParentId, new RecordChildFinished(Guid.NewGuid(), 3, RequestStatus.Succeeded, null, []));

        Assert.Empty(decision.Events);
        Assert.Contains("not a child", decision.Rejection);
    }

    [Fact]
    public void a_notice_to_a_request_that_is_no_parent_is_refused()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();

        var decision = saga.Decide(new RecordChildFinished(Guid.NewGuid(), 3, RequestStatus.Succeeded, null, []));

        Assert.Empty(decision.Events);
        Assert.NotNull(decision.Rejection);
    }

    [Fact]
    public void a_request_without_a_parent_sends_no_notice_when_it_ends()
    {
        var saga = Saga.ProvisionVm().RunToSuccess();

        Assert.Equal(RequestStatus.Succeeded, saga.Current.Status);
        Assert.DoesNotContain(saga.History, e => e is ChildRequestFinished);
    }

    [Fact]
    public void a_parent_that_ended_records_later_notices_without_changing_its_status()
    {
        var fleet = Running();
        fleet.Finish("kvm-01").Finish("kvm-02");
        Assert.Equal(RequestStatus.Succeeded, fleet.Parent.Status);

        // An operator rolled one child back directly.
        fleet.Decide(fleet.ChildOn("kvm-01"), new RollbackRequest("bob", null));
        fleet.Relay().Finish("kvm-01");

        Assert.Equal(RequestStatus.Succeeded, fleet.Parent.Status);
        Assert.Equal(RequestStatus.RolledBack, fleet.Parent.ChildOf(fleet.ChildOn("kvm-01"))!.Status);
    }
}
