using System.Globalization;
using Provisioning.Agent.Drivers;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Steps.Power;

/// <summary>
/// The VM shut off: ACPI shutdown, then destroy after the grace period (<c>graceSeconds</c> or
/// <see cref="AgentOptions.ShutdownGraceSeconds"/>). Serves stop-vm and the stop in decommission-vm.
/// A shut-off VM is left as it is. Nothing to compensate: a stop is undone by a start request.
/// </summary>
public sealed class ShutdownDomainStep(AgentOptions options, LibvirtConnector libvirt, KeyedLock locks, GracefulStop stop) : IStep
{
    public string Name => StepCatalog.ShutdownDomain;

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var vm = VmReference.Within(context.Parameters);
        using var held = await locks.AcquireAsync(VmDomains.LockKey(vm.Name), ct);
        var domain = VmDomains.Require(libvirt.Get(), vm.Name, context.Host);
        var grace = vm.GraceSeconds ?? options.ShutdownGraceSeconds;
        var how = await stop.StopAsync(domain, TimeSpan.FromSeconds(grace), ct);
        return StepOutcome.Ok(new Dictionary<string, string>
        {
            ["domain"] = domain.Name,
            ["stoppedBy"] = how,
            ["graceSeconds"] = grace.ToString(CultureInfo.InvariantCulture),
        });
    }

    public Task<StepOutcome> CompensateAsync(StepContext context, CancellationToken ct) => Task.FromResult(StepOutcome.Ok());
}
