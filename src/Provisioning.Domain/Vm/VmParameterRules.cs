using System.Text.RegularExpressions;
using Provisioning.Domain.Vm.Addressing;
using Provisioning.Domain.Vm.Guest;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Vm;

/// <summary>
/// The rules for provision-vm parameters, shared by the API (400 problem details), the portal and
/// the agent (which re-checks). Names that reach libvirt XML or an <c>ovs-vsctl</c> argument array
/// are restricted to characters that need no escaping anywhere.
/// </summary>
public static partial class VmParameterRules
{
    public const int MinMemoryMiB = 64;
    public const int MaxMemoryMiB = 1024 * 1024;
    public const int MaxVcpus = 256;
    public const int MaxDiskGiB = 64 * 1024;


    /// <summary>libvirt-safe domain name.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")]
    public static partial Regex NamePattern();

    /// <summary>Linux interface names (OVS bridges, NICs): at most 15 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$")]
    public static partial Regex InterfacePattern();

    /// <summary>Host names as agents announce them (also part of a queue name).</summary>
    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    public static partial Regex HostPattern();

    /// <summary>The keys of the set and how each travels in JSON.</summary>
    public static IReadOnlyDictionary<string, ParameterKind> Fields { get; } = new Dictionary<string, ParameterKind>
    {
        ["name"] = ParameterKind.Text,
        ["host"] = ParameterKind.Text,
        ["memoryMiB"] = ParameterKind.Integer,
        ["vcpus"] = ParameterKind.Integer,
        ["diskGiB"] = ParameterKind.Integer,
        ["bridge"] = ParameterKind.Text,
        ["vlan"] = ParameterKind.Integer,
        ["uplink"] = ParameterKind.Text,
        [GuestRules.ImageKey] = ParameterKind.Text,
        [GuestRules.SshKeysKey] = ParameterKind.TextList,
        [GuestRules.UserDataKey] = ParameterKind.Text,
        [GuestRules.OsUserKey] = ParameterKind.Text,
        [AddressRules.PoolKey] = ParameterKind.Text,
        [AddressRules.AddressKey] = ParameterKind.Text,
        [AddressRules.Ipv4Key] = ParameterKind.Text,
        [AddressRules.GatewayKey] = ParameterKind.Text,
        [AddressRules.DnsKey] = ParameterKind.TextList,
        [AddressRules.GatewayPortKey] = ParameterKind.Boolean,
    };

    /// <summary>What the engine writes in at submission and a submitter may not set: the address lease and the image's login user.</summary>
    public static IReadOnlyList<string> Assigned { get; } = [.. AddressRules.Assigned, GuestRules.OsUserKey];

    /// <summary>Checks the wire form; fills <paramref name="errors"/> per field and returns null when anything is wrong.</summary>
    public static VmSpec? Parse(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        FieldRules.RefuseUnknown(p, Fields.Keys.ToList(), ParameterSets.ProvisionVm, errors);
        var name = FieldRules.Name(p, errors);
        // Without a host the engine places the VM (see Placement.Placer); an empty host means "not placed yet".
        var host = p.ContainsKey("host") ? FieldRules.Host(p, errors) : "";
        var memory = FieldRules.Number(p, "memoryMiB", MinMemoryMiB, MaxMemoryMiB, errors);
        var vcpus = FieldRules.Number(p, "vcpus", 1, MaxVcpus, errors);
        var disk = FieldRules.Number(p, "diskGiB", 1, MaxDiskGiB, errors);
        var bridge = FieldRules.Text(p, "bridge", InterfacePattern(), FieldRules.InterfaceRule, errors);
        var vlan = FieldRules.OptionalVlan(p, "vlan", errors);
        var uplink = p.ContainsKey("uplink") ? FieldRules.Text(p, "uplink", InterfacePattern(), FieldRules.InterfaceRule, errors) : null;
        if (uplink is not null && uplink == bridge) errors["uplink"] = ["must differ from the bridge"];
        var guest = GuestRules.Parse(p, errors);
        var addressing = AddressRules.Parse(p, errors);

        return errors.Count == 0
            ? new VmSpec(name!, host!, memory!.Value, vcpus!.Value, disk!.Value, bridge!, vlan, uplink, guest, addressing)
            : null;
    }
}
