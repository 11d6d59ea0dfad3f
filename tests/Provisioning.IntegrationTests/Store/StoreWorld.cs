using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;
using Provisioning.Engine.Fleet;
using Provisioning.Engine.Integrity;
using Provisioning.Engine.Requests;
using Provisioning.Engine.Workflows;
using Provisioning.IntegrationTests.Support;
using Provisioning.Engine.Inventory;

namespace Provisioning.IntegrationTests.Store;

/// <summary>
/// The engine's write path in this process (<see cref="InProcessEngine"/>: its Marten set-up with every inline
/// projection, no saga running) on a schema of its own in the real PostgreSQL, dropped when disposed: for tests that
/// decide through the engine's own code and look at what it stored.
/// </summary>
public sealed class StoreWorld : IAsyncDisposable
{
    private StoreWorld(string schema, ServiceProvider services)
    {
        Schema = schema;
        Services = services;
    }

    /// <summary>The PostgreSQL schema of this world's event store and documents.</summary>
    public string Schema { get; }

    public ServiceProvider Services { get; }

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    public RequestStore Requests => Services.GetRequiredService<RequestStore>();

    public RequestSubmission Submissions => Services.GetRequiredService<RequestSubmission>();

    public WorkflowCatalog Catalog => Services.GetRequiredService<WorkflowCatalog>();

    /// <summary>A world on schema <c>{prefix}_{name}</c>; <paramref name="configure"/> may replace services (a clock).</summary>
    public static StoreWorld Start(string name, Action<IServiceCollection>? configure = null)
    {
        var schema = $"{TestSettings.Prefix}_{name}";
        var services = InProcessEngine.Services(schema);
        configure?.Invoke(services);
        return new StoreWorld(schema, services.BuildServiceProvider());
    }

    /// <summary>The stream's events, archived or not.</summary>
    public async Task<IReadOnlyList<IEvent>> EventsAsync(Guid id)
    {
        await using var session = Store.QuerySession();
        return await StreamHistory.FetchIncludingArchivedAsync(session, id);
    }

    /// <summary>The stream's event data, archived or not.</summary>
    public async Task<IReadOnlyList<object>> DataAsync(Guid id) => (await EventsAsync(id)).Select(e => e.Data).ToList();

    /// <summary>The request's state now (a request or a parent), archived or not.</summary>
    public async Task<RequestAggregate?> StateAsync(Guid id)
    {
        await using var session = Store.QuerySession();
        return await StreamHistory.AggregateIncludingArchivedAsync(session, id);
    }

    /// <summary>Submits as the API would, by <c>olga</c>.</summary>
    public Task<SubmissionResult> SubmitAsync(string workflow, IRequestParameters parameters, string? project = null) =>
        Submissions.SubmitAsync(new Submission(Guid.CreateVersion7(), Catalog.Find(workflow)!, parameters, "OPS-1", "olga", "api", null, null, project) { Scope = VmScope.Everything },
            new Causation("olga", null, "api"), CancellationToken.None);

    /// <summary>The agent's answer to the command <paramref name="id"/> waits on, as it would arrive; returns the state after it.</summary>
    public async Task<RequestState> AnswerAsync(Guid id, bool succeeded = true, System.Text.Json.JsonElement? outputs = null)
    {
        var pending = ((RequestState)(await StateAsync(id))!).Pending ?? throw new InvalidOperationException($"request {id} waits on no command");
        var now = DateTimeOffset.UtcNow;
        var result = new RecordStepResult(pending.CommandId, pending.Step, pending.Mode, pending.Attempt, pending.Host, succeeded, false,
            succeeded ? null : "boom", outputs, now.AddSeconds(-1), now);
        return (RequestState)(await Requests.DecideAsync(id, result, new Causation(null, pending.CommandId.ToString(), "agent"), CancellationToken.None)).State!;
    }

    /// <summary>Answers every command of <paramref name="id"/> with success until it waits on none.</summary>
    public async Task<RequestState> RunToEndAsync(Guid id, Func<string, System.Text.Json.JsonElement?>? outputsOf = null)
    {
        var state = (RequestState)(await StateAsync(id))!;
        while (state.Pending is { } pending) state = await AnswerAsync(id, outputs: outputsOf?.Invoke(pending.Step));
        return state;
    }

    /// <summary>An operator's action on a request.</summary>
    public Task<DecisionOutcome> ActAsync(Guid id, RequestCommand command) =>
        Requests.DecideAsync(id, command, new Causation("bob", null, "api"), CancellationToken.None);

    /// <summary>A heartbeat of <paramref name="host"/>'s agent, just now: it is online.</summary>
    public async Task HeartbeatAsync(string host)
    {
        await using var session = Store.LightweightSession();
        var now = DateTimeOffset.UtcNow;
        session.Store(new HostRecord { Id = HostRecord.IdOf(host), Name = host, ReportedAt = now, LastSeenAt = now, FirstSeenAt = now, HeartbeatSeconds = 30 });
        await session.SaveChangesAsync();
    }

    public async Task<T?> LoadAsync<T>(Guid id) where T : notnull
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<T>(id);
    }

    public async Task<T?> LoadAsync<T>(string id) where T : notnull
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<T>(id);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await using var connection = new NpgsqlConnection(TestSettings.Postgres);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists \"{Schema}\" cascade", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
