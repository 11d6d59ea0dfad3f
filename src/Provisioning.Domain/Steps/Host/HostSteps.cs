using Provisioning.Domain.Steps.Host;

namespace Provisioning.Domain.Steps;

public static partial class StepCatalog
{
    /// <summary>QEMU/KVM, libvirt and Open vSwitch present and answering; reports versions and capacity. Never undone: packages stay.</summary>
    public static readonly StepDefinition<HostArguments, InstallHostOutputs> InstallHost =
        new("install-host", compensation: null, _ => new HostArguments());
}
