using Provisioning.Domain.Steps.Resize;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps;

public static partial class StepCatalog
{
    /// <summary>New sizes in the shut-off VM's persistent definition (resize-vm); undone by another resize.</summary>
    public static readonly StepDefinition<ResizeArguments, ResizeOutputs> ResizeDomain = new(
        "resize-domain",
        null,
        p =>
        {
            var r = VmResize.FromParameters(p);
            return new ResizeArguments(r.Name, r.MemoryMiB, r.Vcpus);
        });
}
