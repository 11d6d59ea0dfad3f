using JasperFx.Events;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Tests.Support;
using Provisioning.Testing.Sagas;
using Provisioning.Testing;
using Provisioning.Domain.Switch;
using Provisioning.Domain.Workflows;
using Provisioning.Engine.Children;
using Provisioning.Engine.Workflows;

namespace Provisioning.Engine.Tests.Children;

/// <summary>How the child relay reads the events of parents and children: which request each speaks to, and what it asks.</summary>
public class ChildRequestRelayTests
{
    private static readonly Guid Parent = SwitchFleet.ParentId;

    private static readonly WorkflowCatalog Catalog = WorkflowLoader.LoadDirectory(RepoPaths.Workflows);

    private static IEvent Stored<T>(T data, Guid stream, long version) where T : notnull =>
        new Event<T>(data) { StreamId = stream, Version = version, Id = Guid.NewGuid() };

    [Fact]
    public void a_child_requested_starts_that_child_as_a_child_of_the_stream_it_came_from()
    {
        var fleet = new SwitchFleet("kvm-01", "kvm-02");
        var requested = (ChildRequested)fleet.Submit().Events[1];

        var child = ChildSubmission.Of(requested, Parent, Catalog)!;
        var submit = child.ToCommand();

        Assert.Equal((requested.ChildId, Parent, "kvm-01", null as string), (submit.RequestId, submit.ParentId, submit.Host, submit.IdempotencyKey));
        Assert.Equal(SwitchFleet.Plan, submit.Definition.Steps);
        Assert.Equal(ParameterSets.ProvisionSwitch, submit.Definition.Parameters);
        Assert.Equal(requested.Parameters, submit.Parameters);
        Assert.Null(submit.Parts);
    }

    [Fact]
    public void a_child_requested_by_a_parent_written_before_the_parameter_set_was_recorded_takes_its_workflows()
    {
        var fleet = new SwitchFleet("kvm-01");
        var requested = (ChildRequested)fleet.Submit().Events[1] with { ParameterSet = null };

        var child = ChildSubmission.Of(requested, Parent, Catalog)!;

        Assert.Equal(ParameterSets.ProvisionSwitch, child.Workflow.Parameters);
        Assert.Equal(["kvm-01"], Assert.IsType<SwitchSpec>(child.Parameters).Hosts);
    }

    [Fact]
    public void a_child_whose_parameters_no_longer_pass_their_rules_is_not_submitted()
    {
        var fleet = new SwitchFleet("kvm-01");
        var requested = (ChildRequested)fleet.Submit().Events[1];

        Assert.Null(ChildSubmission.Of(requested with { Parameters = new Dictionary<string, string> { ["hosts"] = "kvm 01" } }, Parent, Catalog));
    }

    [Theory]
    [InlineData(ChildAction.Cancel, typeof(CancelRequest))]
    [InlineData(ChildAction.Rollback, typeof(RollbackRequest))]
    [InlineData(ChildAction.RetryRollback, typeof(RetryRollback))]
    public void an_ask_becomes_that_action_on_the_child_by_the_parents_actor(ChildAction action, Type expected)
    {
        var child = Guid.NewGuid();
        var ask = new ChildActionRequested(child, "kvm-01", action, "bob", "host kvm-02 failed", TestClock.Start);

        var (target, command) = ChildRequestRelay.Translate(Stored(ask, Parent, 5))!.Value;

        Assert.Equal(child, target);
        Assert.IsType(expected, command);
    }

    [Fact]
    public void a_childs_end_notice_becomes_a_command_on_its_parent_carrying_the_notices_version()
    {
        var child = Guid.NewGuid();
        var notice = new ChildRequestFinished(Parent, child, "kvm-01", RequestStatus.RolledBack, "create-switch failed: boom", ["bridge x on kvm-01"], TestClock.Start);

        var (target, command) = ChildRequestRelay.Translate(Stored(notice, child, 17))!.Value;

        Assert.Equal(Parent, target);
        Assert.Equal(new RecordChildFinished(child, 17, RequestStatus.RolledBack, "create-switch failed: boom", notice.Leftovers), command);
    }

    [Fact]
    public void other_events_are_not_relayed()
    {
        Assert.Null(ChildRequestRelay.Translate(Stored(new RequestSucceeded(TestClock.Start), Parent, 3)));
    }
}
