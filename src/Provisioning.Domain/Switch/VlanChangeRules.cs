using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Switch;

/// <summary>
/// The rules for change-switch-vlans parameters: <c>hosts</c>, <c>bridge</c> and <c>network</c>? as for
/// provision-switch, and <c>add</c>? / <c>remove</c>? (lists of VLAN ids), at least one VLAN in all and none in both.
/// </summary>
public static class VlanChangeRules
{
    public static IReadOnlyDictionary<string, ParameterKind> Fields { get; } = new Dictionary<string, ParameterKind>
    {
        ["hosts"] = ParameterKind.TextList,
        ["bridge"] = ParameterKind.Text,
        ["network"] = ParameterKind.Text,
        ["add"] = ParameterKind.IntegerList,
        ["remove"] = ParameterKind.IntegerList,
    };

    /// <summary>Checks the wire form; fills <paramref name="errors"/> per field and returns null when anything is wrong.</summary>
    public static VlanChange? Parse(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        FieldRules.RefuseUnknown(p, Fields.Keys.ToList(), ParameterSets.ChangeSwitchVlans, errors);
        var hosts = ListRules.Hosts(p, "hosts", errors);
        var bridge = FieldRules.Text(p, "bridge", VmParameterRules.InterfacePattern(), FieldRules.InterfaceRule, errors);
        var network = SwitchRules.Network(p, bridge, errors);
        var add = ListRules.Vlans(p, "add", errors);
        var remove = ListRules.Vlans(p, "remove", errors);
        if (add is { Count: 0 } && remove is { Count: 0 })
        {
            errors["add"] = ["add or remove must list at least one VLAN"];
        }
        if (add is not null && remove is not null && add.Intersect(remove).ToList() is { Count: > 0 } both)
        {
            errors["remove"] = [$"must not list a VLAN that add lists too: {ListRules.Join(both)}"];
        }
        return errors.Count == 0 ? new VlanChange(hosts!, bridge!, network!, add!, remove!) : null;
    }
}
