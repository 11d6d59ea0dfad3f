using Provisioning.Domain.Requests;
using Provisioning.Domain.Tests.Support;
using Provisioning.Engine.Integrity;

namespace Provisioning.Domain.Tests.Integrity;

/// <summary>Only a finished request may be archived, once; the archive is an event naming who did it.</summary>
public class ArchiveRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void a_finished_request_is_archived_with_an_event_naming_the_actor_and_the_time()
    {
        var saga = Saga.ProvisionVm().RunToSuccess();

        var outcome = ArchiveRules.Decide(saga.Current, alreadyArchived: false, callerMaySee: true, "olga", Now);

        Assert.Equal(ArchiveResult.Archived, outcome.Result);
        Assert.Equal(new RequestArchived("olga", Now), outcome.Event);
    }

    [Fact]
    public void a_running_request_is_a_conflict_naming_its_status()
    {
        var saga = Saga.ProvisionVm();
        saga.Submit();

        var outcome = ArchiveRules.Decide(saga.Current, false, true, "olga", Now);

        Assert.Equal(ArchiveResult.Conflict, outcome.Result);
        Assert.Contains("Running", outcome.Reason, StringComparison.Ordinal);
        Assert.Null(outcome.Event);
    }

    [Fact]
    public void an_archived_request_is_not_archived_twice()
    {
        var saga = Saga.ProvisionVm().RunToSuccess();

        Assert.Equal(ArchiveResult.Conflict, ArchiveRules.Decide(saga.Current, alreadyArchived: true, true, "olga", Now).Result);
    }

    [Fact]
    public void an_unknown_request_or_one_the_caller_may_not_see_is_not_found()
    {
        var saga = Saga.ProvisionVm().RunToSuccess();

        Assert.Equal(ArchiveResult.NotFound, ArchiveRules.Decide(null, false, true, "olga", Now).Result);
        Assert.Equal(ArchiveResult.NotFound, ArchiveRules.Decide(saga.Current, true, callerMaySee: false, "olga", Now).Result);
    }

    [Fact]
    public void folding_the_archive_marks_the_request_archived_and_keeps_its_outcome()
    {
        var saga = Saga.ProvisionVm().RunToSuccess();

        var archived = RequestState.Fold([.. saga.History, new RequestArchived("olga", Now)])!;

        Assert.True(archived.Archived);
        Assert.Equal(RequestStatus.Succeeded, archived.Status);
        Assert.False(saga.Current.Archived);
    }
}
