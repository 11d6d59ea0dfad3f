using Provisioning.Domain.Steps.Guests;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps;

public static partial class StepCatalog
{
    /// <summary>A qcow2 volume in the agent's storage pool and the persistent domain on it.</summary>
    public static readonly StepDefinition<DomainArguments, DomainOutputs> DefineDomain = new(
        "define-domain",
        "undefine-domain",
        p =>
        {
            var v = VmSpec.FromParameters(p);
            return new DomainArguments(v.Name, v.MemoryMiB, v.Vcpus, v.DiskGiB, v.Guest?.Image);
        },
        (a, o, host) =>
        {
            var made = new List<string>();
            if (o is null || o.DomainCreated) made.Add($"domain {a.Name} on {host}");
            if (o is null || o.VolumeCreated) made.Add($"volume {o?.Volume ?? a.Name + "-*.qcow2"} on {host}");
            return made;
        });

    /// <summary>The NIC on the network's VLAN portgroup, in the persistent definition (it comes up with the next start).</summary>
    public static readonly StepDefinition<PortArguments, PortOutputs> AttachPort = new(
        "attach-port",
        "detach-port",
        p =>
        {
            var v = VmSpec.FromParameters(p);
            return new PortArguments(v.Name, v.Bridge, v.Vlan);
        },
        (a, _, host) => [$"port of domain {a.Name} on bridge {a.Bridge} on {host}"]);

    /// <summary>The domain running and its OVS port carrying the VLAN tag.</summary>
    public static readonly StepDefinition<BootArguments, BootOutputs> Boot = new(
        "boot",
        "stop-domain",
        p =>
        {
            var v = VmSpec.FromParameters(p);
            return new BootArguments(v.Name, v.Vlan, AwaitGuest: v.Guest is not null, v.Guest is null ? null : v.Addressing?.Lease?.Address.ToString());
        },
        (a, _, host) => [$"running domain {a.Name} on {host}"]);
}
