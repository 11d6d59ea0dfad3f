using Provisioning.Domain.Requests;
using Provisioning.Engine.Inventory;
using Provisioning.Engine.Onboarding;

namespace Provisioning.IntegrationTests.Store;

/// <summary>
/// Streams stored by the engine before this version (<see cref="TodaysStreams"/>: their JSON as stored) still read
/// and finish: an onboarding still onboards, a decommission still removes its VM, a parent still reads as a parent.
/// Decided through the engine's own store on the real PostgreSQL.
/// </summary>
public sealed class TodaysStreamsTests() : StoreTest("todays")
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TodaysStreams.WriteAsync(World);
    }

    [Fact]
    public async Task an_onboarding_stored_without_its_parameter_set_still_onboards_its_host_when_it_succeeds()
    {
        var ended = await World.AnswerAsync(TodaysStreams.OnboardingInFlight);

        Assert.Equal(RequestStatus.Succeeded, ended.Status);
        Assert.Equal("legacy-kvm1", (await World.DataAsync(TodaysStreams.OnboardingInFlight)).OfType<HostOnboarded>().Single().Host);
        Assert.Equal(TodaysStreams.OnboardingInFlight, (await World.LoadAsync<HostOnboarding>("legacy-kvm1"))!.RequestId);
    }

    [Fact]
    public async Task an_onboarding_that_succeeded_before_still_takes_its_host_out_of_the_fleet_when_rolled_back()
    {
        // What the engine of that version stored beside the success, by hand.
        await using (var session = World.Store.LightweightSession())
        {
            session.Store(new HostOnboarding { Id = "legacy-kvm2", Host = "legacy-kvm2", RequestId = TodaysStreams.Onboarded, Actor = "olga", OnboardedAt = DateTimeOffset.UtcNow });
            await session.SaveChangesAsync();
        }

        var rollback = await World.ActAsync(TodaysStreams.Onboarded, new RollbackRequest("bob", null));

        Assert.Equal(RequestStatus.RolledBack, rollback.State!.Status);
        Assert.Equal("legacy-kvm2", (await World.DataAsync(TodaysStreams.Onboarded)).OfType<HostOnboardingUndone>().Single().Host);
        Assert.Null(await World.LoadAsync<HostOnboarding>("legacy-kvm2"));
    }

    [Fact]
    public async Task a_decommission_stored_without_its_parameter_set_still_removes_its_vm_from_the_inventory()
    {
        await using (var session = World.Store.LightweightSession())
        {
            session.Store(new VmRecord { Id = TodaysStreams.DecommissionedVm, Name = "legacy-vm", Host = "legacy-kvm1", State = VmState.Running, RunningSince = DateTimeOffset.UtcNow });
            await session.SaveChangesAsync();
        }

        var ended = await World.AnswerAsync(TodaysStreams.DecommissionInFlight);

        Assert.Equal(RequestStatus.Succeeded, ended.Status);
        var record = await World.LoadAsync<VmRecord>(TodaysStreams.DecommissionedVm);
        Assert.Equal((VmState.Removed, TodaysStreams.DecommissionInFlight), (record!.State, record.LastRequestId));
    }

    [Fact]
    public async Task a_parent_stored_before_parents_had_their_own_state_reads_as_one_and_succeeds_with_its_last_child()
    {
        var parent = Assert.IsType<ParentState>(await World.StateAsync(TodaysStreams.Parent));
        var last = parent.Children.Single(c => c.Status == RequestStatus.Running);

        var outcome = await World.Requests.DecideAsync(TodaysStreams.Parent, new RecordChildFinished(last.Id, 6, RequestStatus.Succeeded, null, []),
            new Engine.Requests.Causation(null, null, "engine"), CancellationToken.None);

        Assert.Equal(RequestStatus.Succeeded, outcome.State!.Status);
        Assert.IsType<RequestSucceeded>(outcome.Decision.Events[^1]);
    }

    [Fact]
    public async Task a_step_still_queued_event_of_before_the_timeouts_took_temporals_names_reads_as_awaiting_start()
    {
        var events = await World.DataAsync(TodaysStreams.StillQueued);

        var waiting = Assert.IsType<StepAwaitingStart>(events[^1]);
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T10:30:22+00:00", System.Globalization.CultureInfo.InvariantCulture), waiting.DeadlineAt);
        // The schedule-to-start deadline it recorded is the one the request waits on.
        Assert.Equal(waiting.DeadlineAt, ((RequestState)(await World.StateAsync(TodaysStreams.StillQueued))!).Pending!.DeadlineAt);
    }
}
