using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Engine;

namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// The engine's services in the test process (its Marten setup with every inline projection, the request store), on
/// <paramref name="schema"/> of the real PostgreSQL and without the saga (no outbox, no deadline poller): for tests that
/// write through the engine's own code.
/// </summary>
public static class InProcessEngine
{
    public static ServiceCollection Services(string schema)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = TestSettings.Postgres,
            [$"{EngineOptions.Section}:Schema"] = schema,
            [$"{EngineOptions.Section}:RunSaga"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddProvisioningEngine(configuration);
        return services;
    }
}
