using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Host;
using Provisioning.Contracts;
using Provisioning.Domain.Placement;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Placement;

/// <summary>How a request's state tells, from its first events, that it was refused at submission (and why).</summary>
public class SubmissionRefusalTests
{
    private static readonly DateTimeOffset At = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static RequestState Fold(params object[] after)
    {
        var submitted = new RequestSubmitted(Saga.RequestId, "provision-vm", 1, Plans.ProvisionVm(), Plans.VmParameters(), "", null, "alice", "api", null, At);
        return RequestState.Fold([submitted, .. after])!;
    }

    [Fact]
    public void a_placement_refusal_gives_the_reason_and_each_hosts_verdict()
    {
        PlacementCandidate[] candidates = [new("kvm01", false, "offline (last heard 60 s ago)", false, false, new HostRoom(0, 0, 0, 0, 0, 0, 0, 0, 0, 0))];

        var refusal = Fold(new PlacementRefused("no host has room", candidates, At), new RequestFailed("no host has room", At)).Refusal;

        Assert.Equal(("no host has room", true), (refusal!.Reason, refusal.NoHostFits));
        Assert.Equal(candidates, refusal.Candidates);
    }

    [Fact]
    public void another_refusal_gives_its_reason_without_candidates()
    {
        var refusal = Fold(new RequestFailed("the agent of host kvm09 is offline", At)).Refusal;

        Assert.Equal(("the agent of host kvm09 is offline", false), (refusal!.Reason, refusal.NoHostFits));
        Assert.Empty(refusal.Candidates);
    }

    [Fact]
    public void a_request_that_was_dispatched_was_not_refused_and_one_that_ended_otherwise_neither()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();
        Assert.Null(saga.Current.Refusal);

        saga.FailPermanently();
        Assert.Equal(RequestStatus.RolledBack, saga.Current.Status);
        Assert.Null(saga.Current.Refusal);
    }
}
