using Provisioning.Domain.Vm.Addressing;

namespace Provisioning.Domain.Steps.Guests;

/// <summary>The VM to start and the VLAN tag its OVS port must carry (none: untagged).</summary>
/// <param name="AwaitGuest">
/// An image VM: boot ends only when its OS is up (the guest agent answers and reports an address), so "Succeeded"
/// means a server people can log into. A blank-disk VM has no OS to wait for.
/// </param>
/// <param name="Address">The address the guest must report (its lease); null for whatever DHCP gives it.</param>
public sealed record BootArguments(string Name, int? Vlan, bool AwaitGuest = false, string? Address = null) : IStepArguments
{
    public IReadOnlyDictionary<string, string[]> Problems() => new Checks()
        .Name("name", Name)
        .OptionalVlan("vlan", Vlan)
        .That(Address is null || AddressRules.Ipv4(Address) is not null, "address", "must be an IPv4 address")
        .That(Address is null || AwaitGuest, "address", "is checked only on a guest that is awaited")
        .Result;
}
