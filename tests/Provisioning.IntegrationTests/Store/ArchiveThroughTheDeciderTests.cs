using Provisioning.Domain.Requests;
using Provisioning.Domain.Vm;
using Provisioning.Engine.Audit;

namespace Provisioning.IntegrationTests.Store;

/// <summary>
/// Archiving goes through the request store like every other decision: its event carries the request's headers (so
/// it files under the request's project and workflow in the audit log), and Marten's archive closes the stream in the
/// same transaction. On the real PostgreSQL, read back through the audit search the API uses.
/// </summary>
public sealed class ArchiveThroughTheDeciderTests() : StoreTest("archive")
{
    [Fact]
    public async Task an_archive_is_found_by_an_audit_search_filtered_by_the_requests_project_and_workflow()
    {
        var project = $"p{Guid.NewGuid():N}"[..10];
        var host = $"h{Guid.NewGuid():N}"[..12];
        var submitted = await World.SubmitAsync("provision-vm", new VmSpec($"vm-{host}", host, 64, 1, 1, "arbr", null, null), project);
        await World.AnswerAsync(submitted.RequestId, succeeded: false);

        var outcome = await World.ActAsync(submitted.RequestId, new ArchiveRequest("bob"));

        Assert.Null(outcome.Decision.Rejection);
        var page = await new AuditReader(World.Store).PageAsync(new AuditFilter(Project: project, Workflow: "provision-vm", EventType: "request_archived"), null, 10, CancellationToken.None);
        var entry = Assert.Single(page.Items);
        Assert.Equal((submitted.RequestId, "bob", host), (entry.RequestId, entry.Actor, entry.Host));
    }

    [Fact]
    public async Task an_archived_request_keeps_its_events_closes_its_stream_and_refuses_a_second_archive()
    {
        var host = $"h{Guid.NewGuid():N}"[..12];
        var submitted = await World.SubmitAsync("provision-vm", new VmSpec($"vm-{host}", host, 64, 1, 1, "arbr", null, null));
        await World.AnswerAsync(submitted.RequestId, succeeded: false);

        await World.ActAsync(submitted.RequestId, new ArchiveRequest("bob"));
        var again = await World.ActAsync(submitted.RequestId, new ArchiveRequest("bob"));

        Assert.Equal("the request is already archived", again.Decision.Rejection);
        await using var session = World.Store.QuerySession();
        Assert.True((await session.Events.FetchStreamStateAsync(submitted.RequestId))!.IsArchived);
        var state = await World.StateAsync(submitted.RequestId);
        Assert.True(state!.Archived);
        Assert.Equal(RequestStatus.RolledBack, state.Status);
        Assert.IsType<RequestArchived>((await World.DataAsync(submitted.RequestId))[^1]);
    }

    [Fact]
    public async Task a_request_still_running_is_refused_and_nothing_is_appended()
    {
        var host = $"h{Guid.NewGuid():N}"[..12];
        var submitted = await World.SubmitAsync("provision-vm", new VmSpec($"vm-{host}", host, 64, 1, 1, "arbr", null, null));
        var before = (await World.EventsAsync(submitted.RequestId)).Count;

        var outcome = await World.ActAsync(submitted.RequestId, new ArchiveRequest("bob"));

        Assert.Contains("Running", outcome.Decision.Rejection, StringComparison.Ordinal);
        Assert.Equal(before, (await World.EventsAsync(submitted.RequestId)).Count);
        await using var session = World.Store.QuerySession();
        Assert.False((await session.Events.FetchStreamStateAsync(submitted.RequestId))!.IsArchived);
    }
}
