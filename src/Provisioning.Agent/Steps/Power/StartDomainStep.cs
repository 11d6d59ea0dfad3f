using Provisioning.Agent.Drivers;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Steps.Power;

/// <summary>
/// The VM running (start-vm): a shut-off VM is started and waited for; a running one is left alone.
/// Nothing to compensate: a start is undone by a stop request.
/// </summary>
public sealed class StartDomainStep(LibvirtConnector libvirt, KeyedLock locks, DomainStart start) : IStep
{
    public string Name => StepCatalog.StartDomain;

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var vm = VmReference.Within(context.Parameters);
        using var held = await locks.AcquireAsync(VmDomains.LockKey(vm.Name), ct);
        var domain = VmDomains.Require(libvirt.Get(), vm.Name, context.Host);
        var started = await start.StartAsync(domain, ct);
        return StepOutcome.Ok(new Dictionary<string, string>
        {
            ["domain"] = domain.Name,
            ["startedBy"] = started ? "started" : "already-running",
        });
    }

    public Task<StepOutcome> CompensateAsync(StepContext context, CancellationToken ct) => Task.FromResult(StepOutcome.Ok());
}
