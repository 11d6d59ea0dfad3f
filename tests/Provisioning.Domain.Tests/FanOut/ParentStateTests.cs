using Provisioning.Contracts;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.FanOut;

/// <summary>A parent has a state and a decider of its own; parent streams written before it had them still read and finish.</summary>
public class ParentStateTests
{
    private static readonly DateTimeOffset At = TestClock.Start;

    [Fact]
    public void a_parents_stream_folds_into_a_parent_and_each_childs_into_an_ordinary_request()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();
        fleet.Relay();

        var parent = Assert.IsType<ParentState>(fleet.State(SwitchFleet.ParentId));
        Assert.Equal([fleet.ChildOn("kvm-01"), fleet.ChildOn("kvm-02")], parent.Children.Select(c => c.Id));
        var child = Assert.IsType<RequestState>(fleet.State(fleet.ChildOn("kvm-01")));
        Assert.Equal(SwitchFleet.ParentId, child.ParentId);
        Assert.NotNull(child.Pending);
    }

    [Fact]
    public void a_parent_undoing_its_hosts_parts_records_that_and_not_a_compensation_of_no_steps()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();
        fleet.Relay();

        fleet.Answer("kvm-02", succeeded: false, error: "no package manager");

        var undo = Assert.Single(fleet.ParentHistory.OfType<ParentUndoStarted>());
        Assert.Equal((SwitchFleet.Submitter, fleet.Clock.Now), (undo.Actor, undo.At));
        Assert.StartsWith("host kvm-02 failed", undo.Reason, StringComparison.Ordinal);
        Assert.Empty(fleet.ParentHistory.OfType<CompensationStarted>());
        Assert.Equal((RequestStatus.RollingBack, undo.Reason), (fleet.Parent.Status, fleet.Parent.CompensationReason));
    }

    [Fact]
    public void what_only_a_request_that_runs_steps_is_told_changes_nothing_on_a_parent()
    {
        var fleet = new SwitchFleet("kvm-01");
        fleet.Submit();

        Assert.Empty(fleet.Decide(SwitchFleet.ParentId, new FireDeadline(Guid.NewGuid())).Events);
        Assert.Empty(fleet.Decide(SwitchFleet.ParentId, new RecordStepStarted(Guid.NewGuid(), At)).Events);
        Assert.Empty(fleet.Decide(SwitchFleet.ParentId, new RecordStepResult(Guid.NewGuid(), "install-host", StepMode.Execute, 1, "kvm-01",
            true, false, null, null, At, At)).Events);
    }

    [Fact]
    public void a_parent_stream_written_before_parents_had_their_own_state_reads_as_a_parent_and_finishes()
    {
        var parentId = Guid.Parse("0198c0de-0000-7000-8000-0000000001d0");
        var a = ChildIds.Of(parentId, "kvm-01");
        var b = ChildIds.Of(parentId, "kvm-02");
        // Today's shape: no parameter set, and the undo started as a compensation of no steps.
        object[] legacy =
        [
            new RequestSubmitted(parentId, "provision-switch", 1, [], new Dictionary<string, string> { ["hosts"] = "kvm-01,kvm-02" },
                "kvm-01,kvm-02", "NET-9", "alice", "api", null, At, "ops"),
            new ChildRequested(a, "kvm-01", "provision-switch", 1, SwitchFleet.Plan, new Dictionary<string, string> { ["hosts"] = "kvm-01" }, "NET-9", "alice", "api", "ops", At),
            new ChildRequested(b, "kvm-02", "provision-switch", 1, SwitchFleet.Plan, new Dictionary<string, string> { ["hosts"] = "kvm-02" }, "NET-9", "alice", "api", "ops", At),
            new ChildFinished(a, "kvm-01", RequestStatus.Succeeded, null, [], 6, At.AddMinutes(1)),
            new ChildFinished(b, "kvm-02", RequestStatus.RolledBack, "create-switch failed: boom", [], 8, At.AddMinutes(2)),
            new CompensationStarted("host kvm-02 failed: create-switch failed: boom", [], "alice", At.AddMinutes(2)),
            new ChildActionRequested(a, "kvm-01", ChildAction.Rollback, "alice", "host kvm-02 failed: create-switch failed: boom", At.AddMinutes(2)),
        ];

        var parent = Assert.IsType<ParentState>(RequestStreams.Fold(legacy));
        Assert.Equal((RequestStatus.RollingBack, "ops", 2), (parent.Status, parent.Project, parent.Children.Count));

        var decision = StreamDecider.Decide(parent, new RecordChildFinished(a, 12, RequestStatus.RolledBack, "rollback requested", []), new TestClock().Context());

        Assert.Collection(decision.Events,
            e => Assert.Equal((a, RequestStatus.RolledBack), (Assert.IsType<ChildFinished>(e).ChildId, ((ChildFinished)e).Status)),
            e => Assert.Equal("host kvm-02 failed: create-switch failed: boom", Assert.IsType<RequestRolledBack>(e).Reason));
    }
}
