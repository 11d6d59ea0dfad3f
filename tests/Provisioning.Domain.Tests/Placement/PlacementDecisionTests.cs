using Provisioning.Domain.Hosts;
using Provisioning.Domain.Placement;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;
using static Provisioning.Domain.Tests.Placement.Fleet;

namespace Provisioning.Domain.Tests.Placement;

/// <summary>What the decider records for a request the engine placed, or could not place, or refused.</summary>
public class PlacementDecisionTests
{
    private static Dictionary<string, string> Unplaced()
    {
        var parameters = new Dictionary<string, string>(Plans.VmParameters());
        parameters.Remove("host");
        return parameters;
    }

    private static Decision Submit(Saga saga, PlacementDecision? placement = null, AgentPresence? agent = null) =>
        saga.Submit(new SubmitRequest(Saga.RequestId, saga.Definition, Unplaced(), "", "TCK-7", Saga.Submitter, "api", null),
            new SubmissionFacts(placement, agent));

    [Fact]
    public void a_placed_request_records_the_choice_right_after_submission_and_runs_on_the_chosen_host()
    {
        var saga = Saga.ProvisionVm();
        var placement = Place([Host("kvm02"), Host("kvm01").WithGuest(2048)], NewVm(2048, 2, "br-prod"));

        var decision = Submit(saga, placement);

        Assert.Collection(decision.Events,
            e => Assert.Equal("kvm02", Assert.IsType<RequestSubmitted>(e).Host),
            e =>
            {
                var placed = Assert.IsType<HostPlaced>(e);
                Assert.Equal(("kvm02", placement.Reason, TestClock.Start), (placed.Host, placed.Reason, placed.At));
                Assert.Equal(placement.Candidates, placed.Candidates);
            },
            e => Assert.Equal(("kvm02", Plans.InstallHost), (Assert.IsType<StepDispatched>(e).Host, ((StepDispatched)e).Step)));
        Assert.Equal("kvm02", saga.Current.Host);
        Assert.Equal("kvm02", saga.Current.Parameters["host"]);
        Assert.Equal("kvm02", saga.LastDispatched.Host);
        Assert.Equal(RequestStatus.Running, saga.Current.Status);
    }

    [Fact]
    public void a_request_no_host_fits_is_recorded_and_fails_at_once_with_the_reason_and_nothing_dispatched()
    {
        var saga = Saga.ProvisionVm();
        var placement = Place([Host("kvm01", memoryMiB: 1024)], NewVm(2048));

        var decision = Submit(saga, placement);

        Assert.Collection(decision.Events,
            e => Assert.Equal("", Assert.IsType<RequestSubmitted>(e).Host),
            e => Assert.Equal((placement.Reason, placement.Candidates), (Assert.IsType<PlacementRefused>(e).Reason, ((PlacementRefused)e).Candidates)),
            e => Assert.Equal(placement.Reason, Assert.IsType<RequestFailed>(e).Reason));
        Assert.Equal(RequestStatus.Failed, saga.Current.Status);
        Assert.True(saga.Current.IsTerminal);
        Assert.Null(saga.Current.Pending);
        Assert.Equal(saga.Definition.Steps, saga.Current.Plan);
        Assert.All(saga.Current.Steps, s => Assert.Equal(StepStatus.Pending, s.Status));
        Assert.False(saga.Current.Parameters.ContainsKey("host"));
    }

    [Fact]
    public void a_request_whose_hosts_agent_is_offline_is_recorded_and_fails_with_the_refusal()
    {
        var saga = Saga.ProvisionVm();

        var decision = saga.Submit(new SubmitRequest(Saga.RequestId, saga.Definition, Plans.VmParameters(), "kvm09", "TCK-7", Saga.Submitter, "api", null),
            new SubmissionFacts(Agent: new AgentPresence(Announced: true, Online: false, SecondsSinceHeard: 42)));

        Assert.Collection(decision.Events,
            e => Assert.IsType<RequestSubmitted>(e),
            e => Assert.Equal("the agent of host kvm09 is offline (last heard 42 s ago): start it first", Assert.IsType<RequestFailed>(e).Reason));
        Assert.Equal(RequestStatus.Failed, saga.Current.Status);
        Assert.Equal(new SubmissionRefusal(((RequestFailed)decision.Events[1]).Reason, false, []), saga.Current.Refusal);
        Assert.Empty(saga.Dispatched);
    }

    [Fact]
    public void a_request_on_a_host_no_agent_ever_announced_is_refused_naming_how_to_start_one()
    {
        var saga = Saga.ProvisionVm();

        saga.Submit(new SubmitRequest(Saga.RequestId, saga.Definition, Plans.VmParameters(), "kvm09", "TCK-7", Saga.Submitter, "api", null),
            new SubmissionFacts(Agent: AgentPresence.Unknown));

        Assert.Equal("no agent of host kvm09 has announced itself: start the Provisioning agent on kvm09 (Agent:HostName=kvm09) first",
            saga.Current.Refusal!.Reason);
        Assert.Empty(saga.Dispatched);
    }

    [Fact]
    public void a_request_whose_hosts_agent_is_online_starts()
    {
        var saga = Saga.ProvisionVm();

        saga.Submit(new SubmitRequest(Saga.RequestId, saga.Definition, Plans.VmParameters(), Saga.Host, "TCK-7", Saga.Submitter, "api", null),
            new SubmissionFacts(Agent: new AgentPresence(true, true, 1)));

        Assert.Equal(RequestStatus.Running, saga.Current.Status);
        Assert.Null(saga.Current.Refusal);
        Assert.Single(saga.Dispatched);
    }

    [Fact]
    public void a_refused_request_can_be_neither_cancelled_nor_rolled_back_into_doing_something()
    {
        var saga = Saga.ProvisionVm();
        Submit(saga, Place([], NewVm()));

        Assert.Empty(saga.Cancel().Events);
        Assert.Empty(saga.Rollback().Events);
        Assert.Empty(saga.Dispatched);
    }
}
