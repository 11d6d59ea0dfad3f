using Provisioning.Domain.Steps.Decommission;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps;

// decommission-vm: these steps destroy, so there is nothing a compensation could give back.
public static partial class StepCatalog
{
    /// <summary>Changes nothing: the VM exists and Provisioning made it (or the request forces it).</summary>
    public static readonly StepDefinition<DecommissionArguments, VmClaimOutputs> CheckOwner = new("check-owner", null, Decommissioned);

    /// <summary>The stopped VM's OVS ports deleted and its NICs taken out of its definition.</summary>
    public static readonly StepDefinition<DecommissionArguments, RemovePortOutputs> RemovePort = new("remove-port", null, Decommissioned);

    /// <summary>The stopped VM's pool volumes deleted (never one another domain uses).</summary>
    public static readonly StepDefinition<DecommissionArguments, DeleteDisksOutputs> DeleteDisks = new("delete-disks", null, Decommissioned);

    /// <summary>The stopped VM's definition removed.</summary>
    public static readonly StepDefinition<DecommissionArguments, DeleteDomainOutputs> DeleteDomain = new("delete-domain", null, Decommissioned);

    private static DecommissionArguments Decommissioned(IReadOnlyDictionary<string, string> p)
    {
        var vm = VmDecommission.FromParameters(p);
        return new DecommissionArguments(vm.Name, vm.Force);
    }
}
