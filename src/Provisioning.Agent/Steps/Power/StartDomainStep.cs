using Provisioning.Agent.Drivers;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Power;

namespace Provisioning.Agent.Steps.Power;

/// <summary>
/// The VM running (start-vm): a shut-off VM is started and waited for; a running one is left alone.
/// Nothing to compensate: a start is undone by a stop request.
/// </summary>
public sealed class StartDomainStep(LibvirtConnector libvirt, KeyedLock locks, DomainStart start) : IStep<VmArguments, StartOutputs>
{
    public async Task<StepOutcome<StartOutputs>> ExecuteAsync(StepContext<VmArguments> context, CancellationToken ct)
    {
        var vm = context.Arguments;
        using var held = await locks.AcquireAsync(VmDomains.LockKey(vm.Name), ct);
        var domain = VmDomains.Require(libvirt.Get(), vm.Name, context.Host);
        var started = await start.StartAsync(domain, ct);
        return StepOutcome.Ok(new StartOutputs(domain.Name, started ? "started" : "already-running"));
    }

    public Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<VmArguments> context, StartOutputs? executed, CancellationToken ct) =>
        Task.FromResult(StepOutcome.Ok(UndoReport.Nothing));
}
