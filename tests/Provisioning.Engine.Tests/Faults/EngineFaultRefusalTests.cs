using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Provisioning.Engine;

namespace Provisioning.Engine.Tests.Faults;

/// <summary>A stray fault file setting never injects faults in production: the engine refuses to start.</summary>
public sealed class EngineFaultRefusalTests
{
    [Fact]
    public void a_fault_file_without_enabled_refuses_the_engine()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Engine:Faults:File"] = "/tmp/engine-faults.json" })
            .Build();

        var refusal = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddProvisioningEngine(configuration));

        Assert.Contains("Engine:Faults:Enabled", refusal.Message, StringComparison.Ordinal);
    }
}
