using Provisioning.Domain.Vm.Addressing;
using Provisioning.Domain.Vm.Guest;
using Provisioning.Domain.Workflows;
using System.Globalization;

namespace Provisioning.Domain.Vm;

/// <summary>A validated provision-vm request: every name here is safe for XML and argument arrays.</summary>
/// <param name="Host">The host to run on; empty when the request leaves the choice to placement.</param>
/// <param name="Guest">The image and cloud-init set-up; null for a blank disk (network installs).</param>
/// <param name="Addressing">The VM's IPv4 addressing; null for DHCP (or none) on its network.</param>
public sealed record VmSpec(string Name, string Host, int MemoryMiB, int Vcpus, int DiskGiB, string Bridge, int? Vlan, string? Uplink,
    GuestSetup? Guest = null, VmAddressing? Addressing = null) : IRequestParameters
{
    /// <summary>The wire form: invariant strings, the shape stored in events and commands.</summary>
    public IReadOnlyDictionary<string, string> ToParameters()
    {
        var p = new Dictionary<string, string>
        {
            ["name"] = Name,
            ["memoryMiB"] = MemoryMiB.ToString(CultureInfo.InvariantCulture),
            ["vcpus"] = Vcpus.ToString(CultureInfo.InvariantCulture),
            ["diskGiB"] = DiskGiB.ToString(CultureInfo.InvariantCulture),
            ["bridge"] = Bridge,
        };
        if (Host.Length > 0) p["host"] = Host;
        if (Vlan is { } vlan) p["vlan"] = vlan.ToString(CultureInfo.InvariantCulture);
        if (Uplink is { } uplink) p["uplink"] = uplink;
        if (Guest is { } guest) foreach (var (key, value) in GuestRules.Wire(guest)) p[key] = value;
        if (Addressing is { } addressing) foreach (var (key, value) in AddressRules.Wire(addressing)) p[key] = value;
        return p;
    }

    /// <summary>
    /// Reads the wire form back, re-checking every rule: an agent never trusts a command blindly.
    /// Throws <see cref="ArgumentException"/> naming the bad fields.
    /// </summary>
    public static VmSpec FromParameters(IReadOnlyDictionary<string, string> parameters)
    {
        var errors = new Dictionary<string, string[]>();
        var spec = VmParameterRules.Parse(parameters, errors);
        if (spec is null)
        {
            throw new ArgumentException("invalid provision-vm parameters: " +
                string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        }
        return spec;
    }
}
