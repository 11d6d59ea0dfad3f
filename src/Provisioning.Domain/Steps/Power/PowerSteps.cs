using Provisioning.Domain.Steps.Power;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps;

// Day-two operations on an existing VM: undone by the opposite request, not by a rollback.
public static partial class StepCatalog
{
    /// <summary>The VM shut off: ACPI, then destroy after the grace period (stop-vm, and the stop in decommission-vm).</summary>
    public static readonly StepDefinition<VmArguments, StopOutputs> ShutdownDomain = new("shutdown-domain", null, AnyVm);

    /// <summary>The VM running (start-vm).</summary>
    public static readonly StepDefinition<VmArguments, StartOutputs> StartDomain = new("start-domain", null, AnyVm);

    /// <summary>A cold reboot (reboot-vm): stopped like stop-vm, then started.</summary>
    public static readonly StepDefinition<VmArguments, RebootOutputs> RebootDomain = new("reboot-domain", null, AnyVm);

    /// <summary>The VM named by any VM parameter set: name and grace are checked, the set's other fields are its own rules'.</summary>
    private static VmArguments AnyVm(IReadOnlyDictionary<string, string> p)
    {
        var vm = VmReference.Within(p);
        return new VmArguments(vm.Name, vm.GraceSeconds);
    }
}
