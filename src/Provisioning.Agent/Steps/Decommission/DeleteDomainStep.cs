using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Decommission;

namespace Provisioning.Agent.Steps.Decommission;

/// <summary>
/// The last decommission step: the stopped VM's definition removed, with its snapshot and checkpoint
/// metadata, managed save and NVRAM. A VM already gone counts as done (a retry after a crash). Reports the
/// original request, for the inventory. Destroys only: nothing to compensate.
/// </summary>
public sealed class DeleteDomainStep(LibvirtConnector libvirt, KeyedLock locks) : IStep<DecommissionArguments, DeleteDomainOutputs>
{
    public async Task<StepOutcome<DeleteDomainOutputs>> ExecuteAsync(StepContext<DecommissionArguments> context, CancellationToken ct)
    {
        var vm = context.Arguments;
        using var held = await locks.AcquireAsync(VmDomains.LockKey(vm.Name), ct);
        var connection = libvirt.Get();
        if (connection.FindDomain(vm.Name) is null)
        {
            return StepOutcome.Ok(new DeleteDomainOutputs(vm.Name, AlreadyGone: true, Vm: null));
        }

        var claim = DecommissionGuard.Claim(connection, vm, context.Host, mustBeOff: true);
        Tolerate.Libvirt(() => connection.UndefineDomain(claim.Domain.Uuid), LibvirtErrorCode.NoDomain);
        return StepOutcome.Ok(new DeleteDomainOutputs(vm.Name, AlreadyGone: false, claim.Outputs()));
    }

    public Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<DecommissionArguments> context, DeleteDomainOutputs? executed, CancellationToken ct) =>
        Task.FromResult(StepOutcome.Ok(UndoReport.Nothing));
}
