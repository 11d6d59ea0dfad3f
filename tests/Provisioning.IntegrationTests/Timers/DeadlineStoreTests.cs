using Marten;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Vm;
using Provisioning.Engine.Requests;
using Provisioning.Engine.Timers;
using Provisioning.Engine.Workflows;
using Provisioning.IntegrationTests.Support;
using Provisioning.Testing;
using Provisioning.Engine.Inventory;

namespace Provisioning.IntegrationTests.Timers;

/// <summary>
/// The engine's write path (<see cref="RequestStore"/>, its own Marten setup on a schema of this test's, no saga running)
/// against the real PostgreSQL, with a clock the test moves: the deadline documents the poller reads follow the request.
/// </summary>
public sealed class DeadlineStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Allowance = TimeSpan.FromMinutes(15);
    private readonly string schema = TestSettings.Prefix + "_deadlines";
    private readonly MovableClock clock = new(DateTimeOffset.UtcNow);
    private ServiceProvider services = null!;

    private RequestStore Requests => services.GetRequiredService<RequestStore>();

    public Task InitializeAsync()
    {
        var collection = InProcessEngine.Services(schema);
        collection.AddSingleton<TimeProvider>(clock);
        services = collection.BuildServiceProvider();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task a_deadline_fired_after_a_start_moved_it_changes_nothing_and_its_document_keeps_the_moved_time()
    {
        var id = Guid.CreateVersion7();
        await services.GetRequiredService<RequestSubmission>().SubmitAsync(Submission(id), new Causation("tester", null, "test"), CancellationToken.None);
        var dispatched = Assert.Single(await DeadlinesAsync(id));
        var timeout = dispatched.DueAt - clock.GetUtcNow();

        // The agent starts the step a second before its deadline: the timeout now counts from the start.
        clock.Advance(timeout - TimeSpan.FromSeconds(1));
        await Requests.DecideAsync(id, new RecordStepStarted(dispatched.Id, clock.GetUtcNow()), new Causation(null, dispatched.Id.ToString(), "agent"), CancellationToken.None);
        var moved = clock.GetUtcNow() + timeout;

        // The poller read the deadline as dispatched and fires it once that time has passed.
        clock.Advance(TimeSpan.FromSeconds(2));
        var outcome = await Requests.DecideAsync(id, new FireDeadline(dispatched.Id, Allowance), new Causation(null, dispatched.Id.ToString(), "deadline"), CancellationToken.None);

        Assert.Empty(outcome.Decision.Events);
        Assert.Equal(RequestStatus.Running, outcome.State!.Status);
        var kept = Assert.Single(await DeadlinesAsync(id));
        Assert.Equal((dispatched.Id, "timeout"), (kept.Id, kept.Kind));
        Assert.Equal(moved, kept.DueAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task a_deadline_that_finds_the_command_not_started_on_an_answering_host_is_stored_under_its_temporal_name()
    {
        var id = Guid.CreateVersion7();
        await services.GetRequiredService<RequestSubmission>().SubmitAsync(Submission(id), new Causation("tester", null, "test"), CancellationToken.None);
        var dispatched = Assert.Single(await DeadlinesAsync(id));

        clock.Advance(dispatched.DueAt - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        var outcome = await Requests.DecideAsync(id, new FireDeadline(dispatched.Id, TimeSpan.FromHours(1)), new Causation(null, dispatched.Id.ToString(), "deadline"), CancellationToken.None);

        var waiting = Assert.IsType<StepAwaitingStart>(Assert.Single(outcome.Decision.Events));
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        var stored = (await session.Events.FetchStreamAsync(id))[^1];
        Assert.Equal(("step_awaiting_start", waiting.DeadlineAt), (stored.EventTypeName, ((StepAwaitingStart)stored.Data).DeadlineAt));
        Assert.Equal(waiting.DeadlineAt, Assert.Single(await DeadlinesAsync(id)).DueAt, TimeSpan.FromMilliseconds(1));
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await new StackStore(TestSettings.Postgres, schema).DropAsync();
    }

    private Submission Submission(Guid id)
    {
        var definition = services.GetRequiredService<WorkflowCatalog>().Find("provision-vm")!;
        var vm = new VmSpec(TestSettings.Prefix + "-dl", TestSettings.Prefix + "-dl", 64, 1, 1, "dlbr", null, null);
        return new Submission(id, definition, vm, null, "tester", "test", null, null, null) { Scope = VmScope.Everything };
    }

    private async Task<IReadOnlyList<StepDeadline>> DeadlinesAsync(Guid requestId)
    {
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<StepDeadline>().Where(d => d.RequestId == requestId).ToListAsync();
    }

    /// <summary>A clock only the test moves.</summary>
    private sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
