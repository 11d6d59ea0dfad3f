using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Provisioning.Engine.Integrity;
using Provisioning.Engine.Requests;
using Provisioning.Engine.Workflows;
using Provisioning.IntegrationTests.Support;

namespace Provisioning.IntegrationTests.Store;

/// <summary>
/// The engine's write path in this process (<see cref="InProcessEngine"/>: its Marten set-up with every inline
/// projection, no saga running) on a schema of its own in the real PostgreSQL, dropped when disposed: for tests that
/// decide through the engine's own code and look at what it stored.
/// </summary>
public sealed class StoreWorld : IAsyncDisposable
{
    private readonly string schema;

    private StoreWorld(string schema, ServiceProvider services)
    {
        this.schema = schema;
        Services = services;
    }

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
        await using var drop = new NpgsqlCommand($"drop schema if exists \"{schema}\" cascade", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
