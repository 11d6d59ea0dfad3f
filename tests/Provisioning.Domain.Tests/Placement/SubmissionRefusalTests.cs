using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Host;
using Provisioning.Contracts;
using Provisioning.Domain.Placement;
using Provisioning.Domain.Requests;
using Provisioning.Engine.Requests;

namespace Provisioning.Domain.Tests.Placement;

/// <summary>How the engine tells, from a request's first events, that it was refused at submission (and why).</summary>
public class SubmissionRefusalTests
{
    private static readonly DateTimeOffset At = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void a_placement_refusal_gives_the_reason_and_each_hosts_verdict()
    {
        PlacementCandidate[] candidates = [new("kvm01", false, "offline (last heard 60 s ago)", false, false, new HostRoom(0, 0, 0, 0, 0, 0, 0, 0, 0, 0))];

        var refusal = SubmissionRefusal.Of([new PlacementRefused("no host has room", candidates, At), new RequestFailed("no host has room", At)]);

        Assert.Equal(("no host has room", true), (refusal!.Reason, refusal.NoHostFits));
        Assert.Equal(candidates, refusal.Candidates);
    }

    [Fact]
    public void another_refusal_gives_its_reason_without_candidates()
    {
        var refusal = SubmissionRefusal.Of([new RequestFailed("the agent of host kvm09 is offline", At)]);

        Assert.Equal(("the agent of host kvm09 is offline", false), (refusal!.Reason, refusal.NoHostFits));
        Assert.Empty(refusal.Candidates);
    }

    [Fact]
    public void a_request_that_was_dispatched_was_not_refused_even_if_it_failed_later()
    {
        var dispatched = new StepDispatched(Guid.NewGuid(), "install-host", StepMode.Execute, 1, "kvm01", "provision-vm",
            StepJson.Write(new HostArguments()), null, "alice", null, 60, At, At.AddSeconds(60));

        Assert.Null(SubmissionRefusal.Of([dispatched, new RequestFailed("boom", At)]));
        Assert.Null(SubmissionRefusal.Of([dispatched]));
    }
}
