using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Provisioning.Agent.Faults;
using Provisioning.Agent.Tests.Steps;

namespace Provisioning.Agent.Tests.Faults;

/// <summary>A stray fault setting must never inject faults in production: the agent refuses to start instead.</summary>
public sealed class FaultRefusalTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public void a_fault_file_without_enabled_true_refuses_start_up(string? enabled)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Agent:Faults:File"] = "/tmp/faults.json", ["Agent:Faults:Enabled"] = enabled }));

        Assert.StartsWith("fault injection is refused unless Agent:Faults:Enabled=true", error.Message);
    }

    [Fact]
    public void an_enabled_fault_file_starts_and_announces_itself_at_start()
    {
        using var services = Build(new() { ["Agent:Faults:File"] = "/tmp/faults.json", ["Agent:Faults:Enabled"] = "true" });

        Assert.True(services.GetRequiredService<AgentOptions>().Faults.Active);
        Assert.Contains(services.GetServices<IHostedService>(), s => s is StepFaults);
    }

    [Fact]
    public void without_fault_settings_the_agent_starts_with_injection_off()
    {
        using var services = Build([]);

        var faults = services.GetRequiredService<AgentOptions>().Faults;
        Assert.False(faults.Enabled);
        Assert.Null(faults.File);
        Assert.DoesNotContain(services.GetServices<IHostedService>(), s => s is StepFaults);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["Agent:HostName"] = TestAgent.HostName;
        settings["Agent:StateDirectory"] = "";
        settings["Agent:LibvirtUri"] = "test:///default";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddProvisioningAgent(configuration);
        return services.BuildServiceProvider();
    }
}
