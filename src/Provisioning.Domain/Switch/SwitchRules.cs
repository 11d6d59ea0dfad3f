using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Switch;

/// <summary>
/// The rules for provision-switch parameters: <c>hosts</c> (a list of host names), <c>bridge</c> (an interface
/// name), <c>uplink</c>? (a NIC, not the bridge), <c>vlans</c>? (a list of VLAN ids 1..4093; 4094 is the hosts' native VLAN, see <see cref="Vm.VlanIds"/>) and <c>network</c>?
/// (the libvirt network's name, the bridge's by default). Shared by the API and the agent (which re-checks).
/// </summary>
public static class SwitchRules
{

    public static IReadOnlyDictionary<string, ParameterKind> Fields { get; } = new Dictionary<string, ParameterKind>
    {
        ["hosts"] = ParameterKind.TextList,
        ["bridge"] = ParameterKind.Text,
        ["uplink"] = ParameterKind.Text,
        ["vlans"] = ParameterKind.IntegerList,
        ["network"] = ParameterKind.Text,
    };

    /// <summary>Checks the wire form; fills <paramref name="errors"/> per field and returns null when anything is wrong.</summary>
    public static SwitchSpec? Parse(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        FieldRules.RefuseUnknown(p, Fields.Keys.ToList(), ParameterSets.ProvisionSwitch, errors);
        var hosts = ListRules.Hosts(p, "hosts", errors);
        var bridge = FieldRules.Text(p, "bridge", VmParameterRules.InterfacePattern(), FieldRules.InterfaceRule, errors);
        var uplink = p.ContainsKey("uplink") ? FieldRules.Text(p, "uplink", VmParameterRules.InterfacePattern(), FieldRules.InterfaceRule, errors) : null;
        if (uplink is not null && uplink == bridge) errors["uplink"] = ["must differ from the bridge"];
        var vlans = ListRules.Vlans(p, "vlans", errors);
        var network = Network(p, bridge, errors);
        return errors.Count == 0 ? new SwitchSpec(hosts!, bridge!, uplink, vlans!, network!) : null;
    }

    /// <summary>The optional libvirt network name (a libvirt-safe name), defaulting to the bridge's.</summary>
    internal static string? Network(IReadOnlyDictionary<string, string> p, string? bridge, IDictionary<string, string[]> errors) =>
        p.ContainsKey("network") ? FieldRules.Text(p, "network", VmParameterRules.NamePattern(), FieldRules.NameRule, errors) : bridge;
}
