using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Messaging;
using Provisioning.Agent.Tests.Support;
using Provisioning.Contracts;

namespace Provisioning.Agent.Tests.Steps;

/// <summary>
/// An agent built exactly as production builds it (<see cref="AgentModule.AddProvisioningAgent"/> over
/// configuration), driven through its <see cref="CommandRunner"/> like the consumer does. No mocks.
/// </summary>
public sealed class TestAgent : IDisposable
{
    private readonly ServiceProvider services;

    private TestAgent(ServiceProvider services, IConfiguration configuration)
    {
        this.services = services;
        Configuration = configuration;
    }

    /// <summary>The host name every test agent of this run announces.</summary>
    public static string HostName { get; } = "agent-" + TestRun.Prefix;

    /// <summary>The run's storage pool on the real host (deleted at the end by <see cref="SystemHostFixture"/>).</summary>
    public static string SystemPool { get; } = TestRun.Prefix + "pool";

    public static string SystemPoolPath { get; } = "/var/lib/provisioning/test-pools/" + TestRun.Prefix;

    public static string SerialLogDirectory { get; } = Path.Combine(Path.GetTempPath(), TestRun.Prefix + "-serial");

    public IConfiguration Configuration { get; }

    public AgentOptions Options => services.GetRequiredService<AgentOptions>();

    public CommandRunner Runner => services.GetRequiredService<CommandRunner>();

    public CommandGate Gate => services.GetRequiredService<CommandGate>();

    public Provisioning.Agent.Messaging.Ledger.CommandLedger Ledger => services.GetRequiredService<Provisioning.Agent.Messaging.Ledger.CommandLedger>();

    public LibvirtConnection Libvirt => services.GetRequiredService<LibvirtConnector>().Get();

    public OvsVsctl Ovs => services.GetRequiredService<OvsVsctl>();

    public static TestAgent Start(string libvirtUri, string pool, string poolPath, Action<IServiceCollection>? extra = null, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Agent:HostName"] = HostName,
            ["Agent:LibvirtUri"] = libvirtUri,
            ["Agent:DatapathType"] = "auto",
            ["Agent:CpuMode"] = "custom:qemu64",
            ["Agent:DomainType"] = "auto",
            ["Agent:StoragePool"] = pool,
            ["Agent:StoragePoolPath"] = poolPath,
            ["Agent:SerialLogDirectory"] = SerialLogDirectory,
            ["Agent:BootTimeoutSeconds"] = "120",
            // Guests here have no OS and ignore ACPI: a short grace keeps stop, reboot and decommission quick.
            ["Agent:ShutdownGraceSeconds"] = "2",
            ["Agent:OvsTimeoutSeconds"] = "10",
            // Every start reported at once, so the protocol tests see each report; the delayed report has tests of its own.
            ["Agent:StartReportAfterMs"] = "0",
            // Test agents of one run share a host name: each keeps its ledger in memory unless a test gives it a directory.
            ["Agent:StateDirectory"] = "",
            // Uplinks: only the NICs this run makes (tap devices named with its prefix).
            ["Agent:AllowedUplinks:0"] = TestRun.Prefix + "*",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddProvisioningAgent(configuration);
        extra?.Invoke(services);
        return new TestAgent(services.BuildServiceProvider(validateScopes: true), configuration);
    }

    /// <summary>An agent on the in-process test driver with a pool of its own (parallel classes must not share one).</summary>
    public static TestAgent OnTestDriver(Action<IServiceCollection>? extra = null, IDictionary<string, string?>? overrides = null)
    {
        // The test driver keeps pools in memory: the path is never created.
        var pool = TestRun.Name("pool");
        return Start("test:///default", pool, Path.Combine(Path.GetTempPath(), pool), extra, overrides);
    }

    public Task<StepResult> Execute(VmRequest request, string step) =>
        Runner.RunAsync(request.Command(step, StepMode.Execute), _ => Task.CompletedTask, CancellationToken.None);

    public Task<StepResult> Compensate(VmRequest request, string step, JsonElement? outputs = null) =>
        Runner.RunAsync(request.Command(step, StepMode.Compensate, outputs), _ => Task.CompletedTask, CancellationToken.None);

    /// <summary>Runs a day-two or decommission step of <paramref name="operation"/>, as its workflow's saga would dispatch it.</summary>
    public Task<StepResult> Run(VmOperation operation, string step) =>
        Runner.RunAsync(operation.Command(step), _ => Task.CompletedTask, CancellationToken.None);

    public void Dispose() => services.Dispose();
}
