using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Vm;

/// <summary>
/// The parameters of a request on a VM that exists already (start, stop, reboot, resize, snapshots, decommission): who
/// may make it depends on whose VM it is, not only on the workflow (<c>Engine.Inventory.VmOwnership</c>).
/// </summary>
public interface IExistingVm : IRequestParameters
{
}
