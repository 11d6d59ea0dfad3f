using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Steps.Decommission;

/// <summary>
/// The last decommission step: the stopped VM's definition removed, with its snapshot and checkpoint
/// metadata, managed save and NVRAM. A VM already gone counts as done (a retry after a crash). Reports the
/// original request, for the inventory. Destroys only: nothing to compensate.
/// </summary>
public sealed class DeleteDomainStep(LibvirtConnector libvirt, KeyedLock locks) : IStep
{
    public string Name => StepCatalog.DeleteDomain;

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var vm = VmDecommission.FromParameters(context.Parameters);
        using var held = await locks.AcquireAsync(VmDomains.LockKey(vm.Name), ct);
        var connection = libvirt.Get();
        if (connection.FindDomain(vm.Name) is null)
        {
            return StepOutcome.Ok(new Dictionary<string, string> { ["domain"] = vm.Name, ["undefined"] = "already gone" });
        }

        var claim = DecommissionGuard.Claim(connection, vm, context.Host, mustBeOff: true);
        Tolerate.Libvirt(() => connection.UndefineDomain(claim.Domain.Uuid), LibvirtErrorCode.NoDomain);
        var outputs = claim.Outputs();
        outputs["undefined"] = "true";
        return StepOutcome.Ok(outputs);
    }

    public Task<StepOutcome> CompensateAsync(StepContext context, CancellationToken ct) => Task.FromResult(StepOutcome.Ok());
}
