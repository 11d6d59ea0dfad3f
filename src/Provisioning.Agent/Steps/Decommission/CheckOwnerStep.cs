using Provisioning.Agent.Drivers;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Decommission;

namespace Provisioning.Agent.Steps.Decommission;

/// <summary>
/// The first decommission step, which changes nothing: the VM exists, and Provisioning created it
/// (provisioning metadata whose request matches the domain UUID) or the request says <c>force: true</c>.
/// A VM that is not ours is refused here, permanently, before any step touches it. Reports the VM's
/// original provision-vm request, so the inventory can mark that VM decommissioned.
/// </summary>
public sealed class CheckOwnerStep(LibvirtConnector libvirt, KeyedLock locks) : IStep<DecommissionArguments, VmClaimOutputs>
{
    public async Task<StepOutcome<VmClaimOutputs>> ExecuteAsync(StepContext<DecommissionArguments> context, CancellationToken ct)
    {
        var vm = context.Arguments;
        using var held = await locks.AcquireAsync(VmDomains.LockKey(vm.Name), ct);
        var claim = DecommissionGuard.Claim(libvirt.Get(), vm, context.Host, mustBeOff: false);
        return StepOutcome.Ok(claim.Outputs());
    }

    /// <summary>It changed nothing.</summary>
    public Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<DecommissionArguments> context, VmClaimOutputs? executed, CancellationToken ct) =>
        Task.FromResult(StepOutcome.Ok(UndoReport.Nothing));
}
