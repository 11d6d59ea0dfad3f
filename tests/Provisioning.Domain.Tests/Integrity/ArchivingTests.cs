using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Testing.Sagas;

namespace Provisioning.Domain.Tests.Integrity;

/// <summary>Archiving is a decision like any other: only a finished request, once; the archive is an event naming who did it.</summary>
public class ArchivingTests
{
    [Fact]
    public void a_finished_request_is_archived_with_an_event_naming_the_actor_and_the_time()
    {
        var saga = Saga.ProvisionVm().RunToSuccess();

        var decision = saga.Decide(new ArchiveRequest("olga"));

        Assert.Equal(new RequestArchived("olga", saga.Clock.Now), Assert.Single(decision.Events));
    }

    [Fact]
    public void a_running_request_is_refused_naming_its_status()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();

        var decision = saga.Decide(new ArchiveRequest("olga"));

        Assert.Empty(decision.Events);
        Assert.Contains("Running", decision.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void an_archived_request_is_not_archived_twice()
    {
        var saga = Saga.ProvisionVm().RunToSuccess();
        saga.Decide(new ArchiveRequest("olga"));

        var again = saga.Decide(new ArchiveRequest("olga"));

        Assert.Empty(again.Events);
        Assert.Equal("the request is already archived", again.Rejection);
    }

    [Fact]
    public void an_unknown_request_is_refused()
    {
        Assert.Equal("unknown request", RequestDecider.Decide(null, new ArchiveRequest("olga"), new TestClock().Context()).Rejection);
    }

    [Fact]
    public void a_finished_parent_is_archived_like_any_request_and_a_running_one_is_not()
    {
        var fleet = new SwitchFleet("kvm-01");
        fleet.Submit();
        fleet.Relay();

        Assert.Contains("Running", fleet.Decide(SwitchFleet.ParentId, new ArchiveRequest("olga")).Rejection, StringComparison.Ordinal);

        fleet.Finish("kvm-01");
        var decision = fleet.Decide(SwitchFleet.ParentId, new ArchiveRequest("olga"));

        Assert.IsType<RequestArchived>(Assert.Single(decision.Events));
        Assert.True(fleet.Parent.Archived);
        Assert.Equal(RequestStatus.Succeeded, fleet.Parent.Status);
    }

    [Fact]
    public void folding_the_archive_marks_the_request_archived_and_keeps_its_outcome()
    {
        var saga = Saga.ProvisionVm().RunToSuccess();

        var archived = RequestState.Fold([.. saga.History, new RequestArchived("olga", saga.Clock.Now)])!;

        Assert.True(archived.Archived);
        Assert.Equal(RequestStatus.Succeeded, archived.Status);
        Assert.False(saga.Current.Archived);
    }
}
