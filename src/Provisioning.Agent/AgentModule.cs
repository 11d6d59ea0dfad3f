using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Drivers.Packages;
using Provisioning.Agent.Drivers.Processes;
using Provisioning.Agent.Faults;
using Provisioning.Agent.Fleet;
using Provisioning.Agent.Messaging;
using Provisioning.Agent.Messaging.Ledger;
using Provisioning.Agent.Messaging.Running;
using Provisioning.Agent.Steps;
using Provisioning.Agent.Steps.Images;
using Provisioning.Agent.Steps.Networking;
using Provisioning.Agent.Steps.Power;
using Provisioning.Contracts;
using Provisioning.Domain.Vm;
using Provisioning.Hosting;
using Provisioning.Hosting.Faults;

namespace Provisioning.Agent;

/// <summary>
/// Registers a hypervisor agent: options, drivers (libvirt, OVS, packages), the steps (<see cref="AgentSteps"/>),
/// the command runner, and (with the bus) the consumer and the heartbeat to the engine. The split agent
/// process and the all-in-one host use the same calls:
/// <code>
/// services.AddProvisioningAgent(configuration);
/// services.AddProvisioningBus(configuration, AgentModule.Configure);
/// </code>
/// </summary>
public static class AgentModule
{
    /// <summary>
    /// Adds the agent. Reads <see cref="AgentOptions"/> from section <c>Agent</c> (host name defaulting
    /// to the machine's) and registers it as a singleton. Throws <see cref="ArgumentException"/> for invalid settings
    /// and <see cref="InvalidOperationException"/> when <c>Agent:Faults:File</c> is set without <c>Agent:Faults:Enabled=true</c>.
    /// </summary>
    public static IServiceCollection AddProvisioningAgent(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ReadOptions(configuration);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProcessRunner>();
        services.TryAddSingleton<UplinkFactsReader>();
        services.TryAddSingleton(sp => new LibvirtConnector(options.LibvirtUri, options.LibvirtKeepAliveSeconds));
        services.TryAddSingleton(sp => new OvsVsctl(sp.GetRequiredService<ProcessRunner>(), options.OvsTimeoutSeconds));
        services.TryAddSingleton(sp => new PackageManager(sp.GetRequiredService<ProcessRunner>(), options.Packages));
        services.TryAddSingleton<KeyedLock>();
        services.TryAddSingleton<Steps.Boot.GuestReadiness>();
        services.TryAddSingleton(sp => string.IsNullOrWhiteSpace(options.StateDirectory)
            ? new CommandLedger(options.CompletedCommandCache)
            : CommandLedger.Durable(options.CompletedCommandCache, options.StateDirectory, options.HostName!, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<CommandAnswers>();
        services.TryAddSingleton<LedgerStage>();
        services.TryAddSingleton<SupersedeStage>();
        services.TryAddSingleton<GateStage>();
        services.TryAddSingleton<ExpiryStage>();
        services.TryAddSingleton<HostGuard>();
        services.TryAddSingleton<StartReporter>();
        services.TryAddSingleton<StepInvoker>();
        if (options.Faults.Active)
        {
            // A stage of the runner only when asked for; hosted only so that it announces itself loudly at start.
            services.TryAddSingleton<StepFaults>();
            services.AddSingleton<ICommandStage>(sp => sp.GetRequiredService<StepFaults>());
            services.AddHostedService(sp => sp.GetRequiredService<StepFaults>());
        }
        services.TryAddSingleton<CommandRunner>();
        services.TryAddSingleton<CommandGate>();
        services.TryAddSingleton<HeartbeatReader>();

        services.TryAddSingleton<ImageFetch>();
        services.TryAddSingleton<ImageUsage>();
        services.TryAddSingleton<GracefulStop>();
        services.TryAddSingleton<DomainStart>();
        services.AddAgentSteps();
        return services;
    }

    /// <summary>
    /// The agent's part of the bus, for <see cref="BusSetup.AddProvisioningBus"/>: the command consumer on
    /// <see cref="Queues.Agent"/>(prefix, host), with <see cref="AgentOptions.MaxConcurrentCommands"/> at once
    /// and no MassTransit retry, and the <see cref="HeartbeatSender"/> to <see cref="Queues.Heartbeats"/>. The host name is
    /// resolved from DI when the bus starts, so <see cref="AddProvisioningAgent"/> must have been called.
    /// </summary>
    public static void Configure(IBusRegistrationConfigurator bus, RabbitMqOptions rabbit)
    {
        bus.AddConsumer<ExecuteStepConsumer, ExecuteStepConsumerDefinition>();
        // Here rather than in AddProvisioningAgent: the heartbeat needs the bus, and an agent built without
        // one (tests of the steps and of start-up settings) must still resolve its hosted services.
        bus.AddHostedService<HeartbeatSender>();
    }

    /// <summary>
    /// Binds and checks section <c>Agent</c>; the host name is filled in from the machine when empty.
    /// Refuses (<see cref="InvalidOperationException"/>) a fault file that was not explicitly enabled.
    /// </summary>
    public static AgentOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(AgentOptions.Section).Get<AgentOptions>() ?? new AgentOptions();
        options.Faults.ThrowIfRefused(AgentOptions.Section);
        options.HostName = options.ResolvedHostName;
        var problems = Problems(options).ToList();
        if (problems.Count > 0) throw new ArgumentException($"invalid {AgentOptions.Section} configuration: {string.Join("; ", problems)}");
        return options;
    }

    private static IEnumerable<string> Problems(AgentOptions o)
    {
        if (!VmParameterRules.HostPattern().IsMatch(o.HostName!) || o.HostName!.Length > 253) yield return $"HostName '{o.HostName}' is not a host name";
        if (string.IsNullOrWhiteSpace(o.LibvirtUri)) yield return "LibvirtUri is required";
        if (!Path.IsPathRooted(o.StoragePoolPath)) yield return "StoragePoolPath must be absolute";
        if (!Path.IsPathRooted(o.SerialLogDirectory)) yield return "SerialLogDirectory must be absolute";
        if (!VmParameterRules.NamePattern().IsMatch(o.StoragePool)) yield return $"StoragePool '{o.StoragePool}' is not a valid name";
        if (!VmParameterRules.NamePattern().IsMatch(o.ImagePool)) yield return $"ImagePool '{o.ImagePool}' is not a valid name";
        if (o.ImagePool == o.StoragePool) yield return "ImagePool must differ from StoragePool";
        if (!Path.IsPathRooted(o.ImagePoolPath)) yield return "ImagePoolPath must be absolute";
        if (Same(o.ImagePoolPath, o.StoragePoolPath)) yield return "ImagePoolPath must differ from StoragePoolPath";
        if (!Path.IsPathRooted(o.ImageMetadataDirectory)) yield return "ImageMetadataDirectory must be absolute";
        if (Same(o.ImageMetadataDirectory, o.ImagePoolPath) || Same(o.ImageMetadataDirectory, o.StoragePoolPath)) yield return "ImageMetadataDirectory must not be a pool's directory";
        if (o.ImageMaxBytes < 1) yield return "ImageMaxBytes must be at least 1";
        if (o.BootTimeoutSeconds < 1) yield return "BootTimeoutSeconds must be at least 1";
        if (o.ImageDisks.Trim().ToLowerInvariant() is not ("overlay" or "copy")) yield return $"ImageDisks '{o.ImageDisks}' is not overlay or copy";
        if (o.GuestReadyTimeoutSeconds < 1) yield return "GuestReadyTimeoutSeconds must be at least 1";
        if (o.ShutdownGraceSeconds is < 0 or > VmReferenceRules.MaxGraceSeconds) yield return $"ShutdownGraceSeconds must be from 0 to {VmReferenceRules.MaxGraceSeconds}";
        if (o.OvsTimeoutSeconds < 1) yield return "OvsTimeoutSeconds must be at least 1";
        if (o.MaxConcurrentCommands < 1) yield return "MaxConcurrentCommands must be at least 1";
        if (o.CommandWindow is { } window && window < o.MaxConcurrentCommands) yield return "CommandWindow must be at least MaxConcurrentCommands";
        if (o.LibvirtKeepAliveSeconds < 0) yield return "LibvirtKeepAliveSeconds must not be negative";
        if (o.CompletedCommandCache < 1) yield return "CompletedCommandCache must be at least 1";
        if (o.HeartbeatSeconds < 1) yield return "HeartbeatSeconds must be at least 1";
        if (o.ResultSendTimeoutSeconds < 1) yield return "ResultSendTimeoutSeconds must be at least 1";
        // At least a second: a result refused at once would otherwise give its command back, and get it again, in a tight loop.
        if (o.ResultRetrySeconds < 1) yield return "ResultRetrySeconds must be at least 1";
        if (o.BrokerConsumerTimeoutSeconds < 120) yield return "BrokerConsumerTimeoutSeconds must be at least 120";
        if (o.StartReportAfterMs < 0) yield return "StartReportAfterMs must not be negative";
        if (o.PackageCheckCacheSeconds < 0) yield return "PackageCheckCacheSeconds must not be negative";
        if (o.BridgeNamePrefix.Length > 0 && !BridgeNames.IsValidPrefix(o.BridgeNamePrefix)) yield return $"BridgeNamePrefix '{o.BridgeNamePrefix}' must be at most {BridgeNames.MaxPrefixLength} letters, digits, '_', '.' or '-', starting with a letter or digit";
        if (o.UntaggedVlan is < VlanIds.Min or > VlanIds.Native) yield return $"UntaggedVlan must be a VLAN id from {VlanIds.Min} to {VlanIds.Native}";
        foreach (var uplink in o.AllowedUplinks.Where(u => !UplinkRules.IsValidEntry(u))) yield return $"AllowedUplinks entry '{uplink}' is not an interface name or a prefix of one ending in '*'";
        if (o.MaxGuestMemoryMiB is < 0) yield return "MaxGuestMemoryMiB must not be negative";
        if (o.MaxGuestVcpus is < 0) yield return "MaxGuestVcpus must not be negative";
        if (o.DomainType.Trim().ToLowerInvariant() is not ("auto" or "kvm" or "qemu" or "test")) yield return $"DomainType '{o.DomainType}' is not auto, kvm, qemu or test";
        if (!(o.CpuMode is "host-model" or "host-passthrough" || (o.CpuMode.StartsWith("custom:", StringComparison.Ordinal) && o.CpuMode.Length > 7)))
        {
            yield return $"CpuMode '{o.CpuMode}' is not host-model, host-passthrough or custom:MODEL";
        }
        string? datapathProblem = null;
        try
        {
            DatapathTypes.Resolve(o.DatapathType);
        }
        catch (ArgumentException e)
        {
            datapathProblem = e.Message;
        }
        if (datapathProblem is not null) yield return datapathProblem;
    }

    private static bool Same(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), StringComparison.Ordinal);
}
