using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Domain.Steps.Decommission;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Steps.Decommission;

/// <summary>
/// What every decommission step checks before it removes anything: the VM is there, Provisioning made it
/// (or the request forces it), and (after the stop) it is not running again.
/// </summary>
public static class DecommissionGuard
{
    /// <summary>The claim on the VM, or a permanent failure naming why this step must not touch it.</summary>
    public static DecommissionClaim Claim(LibvirtConnection connection, DecommissionArguments vm, string host, bool mustBeOff)
    {
        var claim = DecommissionClaim.Find(connection, vm.Name)
            ?? throw StepFailedException.Permanent($"no VM named {vm.Name} on host {host} (nothing to decommission)");
        if (claim.Refusal(vm.Force, host) is { } refusal) throw StepFailedException.Permanent(refusal);
        if (mustBeOff && claim.RunningAgain() is { } running) throw StepFailedException.Permanent(running);
        return claim;
    }
}
