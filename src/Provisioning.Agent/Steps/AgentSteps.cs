using Microsoft.Extensions.DependencyInjection;
using Provisioning.Agent.Steps.AttachPort;
using Provisioning.Agent.Steps.CloudInit;
using Provisioning.Agent.Steps.Boot;
using Provisioning.Agent.Steps.Decommission;
using Provisioning.Agent.Steps.DefineDomain;
using Provisioning.Agent.Steps.Images;
using Provisioning.Agent.Steps.InstallHost;
using Provisioning.Agent.Steps.Networking;
using Provisioning.Agent.Steps.Power;
using Provisioning.Agent.Steps.Resize;
using Provisioning.Agent.Steps.Snapshots;
using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Steps;

/// <summary>Which implementation runs each step of <see cref="StepCatalog"/>: one line per step.</summary>
public static class AgentSteps
{
    /// <summary>Registers every step's implementation; throws when a catalog step has none (see <see cref="RequireEvery"/>).</summary>
    public static IServiceCollection AddAgentSteps(this IServiceCollection services)
    {
        services.AddStep(StepCatalog.InstallHost).RunBy<InstallHostStep>();
        services.AddStep(StepCatalog.CreateBridge).RunBy<CreateSwitchStep>();
        services.AddStep(StepCatalog.CreateSwitch).RunBy<CreateSwitchStep>();
        services.AddStep(StepCatalog.AttachGateway).RunBy<AttachGatewayStep>();
        services.AddStep(StepCatalog.ChangeVlans).RunBy<ChangeVlansStep>();
        services.AddStep(StepCatalog.CreateSeed).RunBy<CreateSeedStep>();
        services.AddStep(StepCatalog.DefineDomain).RunBy<DefineDomainStep>();
        services.AddStep(StepCatalog.AttachPort).RunBy<AttachPortStep>();
        services.AddStep(StepCatalog.Boot).RunBy<BootStep>();
        services.AddStep(StepCatalog.CheckOwner).RunBy<CheckOwnerStep>();
        services.AddStep(StepCatalog.ShutdownDomain).RunBy<ShutdownDomainStep>();
        services.AddStep(StepCatalog.RemovePort).RunBy<RemovePortStep>();
        services.AddStep(StepCatalog.DeleteDisks).RunBy<DeleteDisksStep>();
        services.AddStep(StepCatalog.DeleteDomain).RunBy<DeleteDomainStep>();
        services.AddStep(StepCatalog.StartDomain).RunBy<StartDomainStep>();
        services.AddStep(StepCatalog.RebootDomain).RunBy<RebootDomainStep>();
        services.AddStep(StepCatalog.ResizeDomain).RunBy<ResizeDomainStep>();
        services.AddStep(StepCatalog.SnapshotDomain).RunBy<SnapshotDomainStep>();
        services.AddStep(StepCatalog.ImportImage).RunBy<ImportImageStep>();
        RequireEvery(services);
        return services;
    }

    /// <summary>
    /// An agent that cannot run a step of the catalog would answer every command of it "unknown step", and workflows
    /// naming it load fine: it refuses to start instead, naming what it lacks.
    /// </summary>
    private static void RequireEvery(IServiceCollection services)
    {
        var missing = StepCatalog.All.Select(s => s.Name).Except(services.RegisteredSteps(), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"the agent has no implementation of step(s) {string.Join(", ", missing)}: register each in {nameof(AgentSteps)}");
        }
    }
}
