using Provisioning.Domain.Requests;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.FanOut;

/// <summary>
/// A part the relay could not start (its stored parameters no longer pass their rules) is reported to the parent as
/// failed, before any notice of its own could exist: the parent undoes the other parts and ends, instead of waiting forever.
/// </summary>
public sealed class NeverStartedChildTests
{
    [Fact]
    public void a_part_that_was_never_started_fails_the_parent_which_cancels_the_other_part_and_ends_when_it_is_undone()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();
        // kvm-02's part runs; kvm-01's could not be started.
        fleet.Decide(fleet.ChildOn("kvm-02"), new SubmitRequest(fleet.ChildOn("kvm-02"), SwitchFleet.Definition,
            fleet.Spec.ForHost("kvm-02"), "kvm-02", "NET-9", SwitchFleet.Submitter, "api", null, ParentId: SwitchFleet.ParentId));

        var decision = fleet.Decide(SwitchFleet.ParentId,
            new RecordChildFinished(fleet.ChildOn("kvm-01"), 1, RequestStatus.Failed, "its parameters no longer pass their rules; the part was not started", []));

        Assert.Contains(decision.Events, e => e is ChildActionRequested { Action: ChildAction.Cancel, Host: "kvm-02" });
        Assert.Equal(RequestStatus.RollingBack, fleet.Parent.Status);
        Assert.Contains("kvm-01", fleet.Parent.CompensationReason ?? "", StringComparison.Ordinal);
    }
}
