using Provisioning.Domain.Steps.Guests;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps;

public static partial class StepCatalog
{
    /// <summary>
    /// The VM's cloud-init NoCloud seed, a volume in the agent's storage pool that define-domain attaches. A VM without
    /// an image gets none (the step succeeds with nothing made), so blank-disk and image VMs share one workflow.
    /// </summary>
    public static readonly StepDefinition<SeedArguments, SeedOutputs> CreateSeed = new(
        "create-seed",
        "delete-seed",
        Seeded,
        (a, o, host) => a.HasImage && (o is null || o.SeedCreated) ? [$"seed volume {o?.Volume ?? a.Name + "-*-seed.iso"} on {host}"] : []);

    private static SeedArguments Seeded(IReadOnlyDictionary<string, string> p)
    {
        var v = VmSpec.FromParameters(p);
        var lease = v.Addressing?.Lease;
        // A pool or an address with no lease written means the engine has not assigned one: DHCP would be a silent lie.
        if (v.Guest is not null && v.Addressing is { Dhcp: false } && lease is null)
        {
            throw new ArgumentException($"invalid provision-vm parameters: VM {v.Name} asks for a pool address, but none was assigned");
        }
        return new SeedArguments(
            v.Name,
            v.Guest is not null,
            v.Guest?.SshKeys ?? [],
            v.Guest?.UserData,
            lease?.Cidr,
            lease?.Gateway?.ToString(),
            lease?.Dns.Select(d => d.ToString()).ToList() ?? []);
    }
}
