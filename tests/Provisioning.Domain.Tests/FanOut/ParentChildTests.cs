using Provisioning.Domain.Steps;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Tests.FanOut;

/// <summary>A request over several hosts is a parent that starts one ordinary saga per host and waits for all.</summary>
public class ParentChildTests
{
    [Fact]
    public void submitting_over_two_hosts_asks_for_one_child_per_host_and_runs_nothing_itself()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");

        var decision = fleet.Submit();

        Assert.Collection(decision.Events,
            e => Assert.Empty(Assert.IsType<RequestSubmitted>(e).Plan),
            e => Assert.Equal((fleet.ChildOn("kvm-01"), "kvm-01"), (((ChildRequested)e).ChildId, ((ChildRequested)e).Host)),
            e => Assert.Equal((fleet.ChildOn("kvm-02"), "kvm-02"), (((ChildRequested)e).ChildId, ((ChildRequested)e).Host)));
        Assert.DoesNotContain(decision.Events, e => e is StepDispatched);
        Assert.Equal(RequestStatus.Running, fleet.Parent.Status);
        Assert.IsType<ParentState>(fleet.State(SwitchFleet.ParentId));
        Assert.Equal(["kvm-01", "kvm-02"], fleet.Parent.Children.Select(c => c.Host));
    }

    [Fact]
    public void each_child_is_an_ordinary_saga_on_its_own_host_with_that_host_alone_in_its_parameters()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();

        fleet.Relay();

        foreach (var host in new[] { "kvm-01", "kvm-02" })
        {
            var child = fleet.Child(host);
            Assert.Equal(SwitchFleet.ParentId, child.ParentId);
            Assert.Equal(host, child.Host);
            Assert.Equal(host, child.Parameters["hosts"]);
            Assert.Equal("localbr", child.Parameters["bridge"]);
            Assert.Equal([StepCatalog.InstallHost.Name, StepCatalog.CreateSwitch.Name], child.Plan.Select(p => p.Name));
            var dispatched = Assert.Single(fleet.ChildHistory(host).OfType<StepDispatched>());
            Assert.Equal((StepCatalog.InstallHost.Name, host), (dispatched.Step, dispatched.Host));
            Assert.Equal(("NET-9", SwitchFleet.Submitter), (child.Ticket, child.Actor));
        }
    }

    [Fact]
    public void the_hosts_run_concurrently_each_with_its_own_command_in_flight()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02", "kvm-03");
        fleet.Submit();
        fleet.Relay();

        fleet.Answer("kvm-02", succeeded: true);

        Assert.Equal(StepCatalog.InstallHost.Name, fleet.Child("kvm-01").Pending!.Step);
        Assert.Equal(StepCatalog.CreateSwitch.Name, fleet.Child("kvm-02").Pending!.Step);
        Assert.Equal(StepCatalog.InstallHost.Name, fleet.Child("kvm-03").Pending!.Step);
    }

    [Fact]
    public void the_parent_succeeds_when_the_last_child_succeeds_and_not_before()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();
        fleet.Relay().Finish("kvm-01");

        Assert.Equal(RequestStatus.Running, fleet.Parent.Status);
        Assert.Equal(RequestStatus.Succeeded, fleet.Parent.ChildOf(fleet.ChildOn("kvm-01"))!.Status);

        fleet.Finish("kvm-02");

        Assert.Equal(RequestStatus.Succeeded, fleet.Parent.Status);
        Assert.IsType<RequestSucceeded>(fleet.ParentHistory[^1]);
        Assert.Empty(fleet.Asks);
    }

    [Fact]
    public void a_child_reports_each_end_it_reaches_once_in_its_own_stream()
    {
        var fleet = new SwitchFleet("kvm-01");
        fleet.Submit();
        fleet.Relay().Finish("kvm-01");

        var notice = Assert.Single(fleet.ChildHistory("kvm-01").OfType<ChildRequestFinished>());
        Assert.Equal((SwitchFleet.ParentId, fleet.ChildOn("kvm-01"), "kvm-01", RequestStatus.Succeeded), (notice.ParentId, notice.ChildId, notice.Host, notice.Status));

        fleet.Decide(SwitchFleet.ParentId, new RollbackRequest("bob", "not needed"));
        fleet.Relay().Finish("kvm-01");

        Assert.Equal([RequestStatus.Succeeded, RequestStatus.RolledBack], fleet.ChildHistory("kvm-01").OfType<ChildRequestFinished>().Select(n => n.Status));
    }

    [Fact]
    public void submitting_the_parent_again_or_starting_a_child_again_changes_nothing()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        fleet.Submit();
        fleet.Relay();
        var childEvents = fleet.ChildHistory("kvm-01").Count;

        Assert.Empty(fleet.Submit().Events);
        var requested = fleet.ParentHistory.OfType<ChildRequested>().First();
        var again = fleet.Decide(requested.ChildId, new SubmitRequest(requested.ChildId, SwitchFleet.Definition, requested.Parameters, requested.Host,
            null, "alice", "api", null, ParentId: SwitchFleet.ParentId));

        Assert.Empty(again.Events);
        Assert.Equal(childEvents, fleet.ChildHistory("kvm-01").Count);
    }

    [Fact]
    public void child_ids_are_derived_from_the_parent_and_the_host_whatever_its_case()
    {
        var parent = Guid.NewGuid();

        Assert.Equal(ChildIds.Of(parent, "kvm-01"), ChildIds.Of(parent, "KVM-01"));
        Assert.NotEqual(ChildIds.Of(parent, "kvm-01"), ChildIds.Of(parent, "kvm-02"));
        Assert.NotEqual(ChildIds.Of(parent, "kvm-01"), ChildIds.Of(Guid.NewGuid(), "kvm-01"));
    }

    [Fact]
    public void a_parent_naming_a_host_twice_is_refused()
    {
        var fleet = new SwitchFleet("kvm-01");
        var decision = fleet.Decide(SwitchFleet.ParentId, new SubmitRequest(SwitchFleet.ParentId, SwitchFleet.Definition, fleet.Spec.ToParameters(),
            "kvm-01,KVM-01", null, "alice", "api", null, Parts: [new ChildPart("kvm-01", fleet.Spec.ForHost("kvm-01")), new ChildPart("KVM-01", fleet.Spec.ForHost("KVM-01"))]));

        Assert.Empty(decision.Events);
        Assert.Contains("more than once", decision.Rejection);
    }

    [Fact]
    public void step_results_and_deadlines_addressed_to_the_parent_change_nothing()
    {
        var fleet = new SwitchFleet("kvm-01");
        fleet.Submit();

        Assert.Same(Decision.None, fleet.Decide(SwitchFleet.ParentId, new FireDeadline(Guid.NewGuid())));
        Assert.Same(Decision.None, fleet.Decide(SwitchFleet.ParentId, new RecordStepStarted(Guid.NewGuid(), fleet.Clock.Now)));
    }
}
