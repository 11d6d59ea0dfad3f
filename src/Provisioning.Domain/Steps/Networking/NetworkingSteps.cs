using System.Text.Json.Nodes;
using Provisioning.Domain.Steps.Networking;
using Provisioning.Domain.Switch;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps;

public static partial class StepCatalog
{
    /// <summary>
    /// A switch on its host: the OVS bridge (+ uplink) and the libvirt network with every requested VLAN's portgroup,
    /// active and autostarted (provision-switch, one child request per host).
    /// </summary>
    public static readonly StepDefinition<SwitchArguments, SwitchOutputs> CreateSwitch = new(
        "create-switch",
        "remove-switch",
        p =>
        {
            var s = SwitchSpec.FromParameters(p);
            return new SwitchArguments(s.Bridge, s.Network, s.Uplink, s.Vlans);
        },
        SwitchLeftovers);

    /// <summary>
    /// A VM's bridge (provision-vm): a create-switch whose network is named like the bridge, with the VM's VLAN (or none).
    /// Its own name because requests in flight and their audit trails know it by it.
    /// </summary>
    public static readonly StepDefinition<SwitchArguments, SwitchOutputs> CreateBridge = new(
        "create-bridge",
        "remove-bridge",
        p =>
        {
            var v = VmSpec.FromParameters(p);
            return new SwitchArguments(v.Bridge, v.Bridge, v.Uplink, v.Vlan is { } vlan ? [vlan] : []);
        },
        SwitchLeftovers,
        UpcastBridgeOutputs);

    /// <summary>
    /// The host's gateway port on a VM's bridge and VLAN, when its address pool asks for one: the host (and the quick
    /// start's one machine) then reaches its guests. Shared by every VM of that pool on the host; its undo removes it
    /// only when this request made it and no guest port on that VLAN is left.
    /// </summary>
    public static readonly StepDefinition<GatewayArguments, GatewayOutputs> AttachGateway = new(
        "attach-gateway",
        "detach-gateway",
        p =>
        {
            var v = VmSpec.FromParameters(p);
            var lease = v.Addressing?.Lease;
            return new GatewayArguments(v.Bridge, v.Vlan, lease is { GatewayPort: true } ? lease.GatewayCidr : null);
        },
        (a, o, host) => a.Gateway is null || o is { PortCreated: false } ? [] : [$"gateway port {o?.Port ?? Naming.GatewayPort(a.Bridge, a.Vlan)} on {host}"]);

    /// <summary>VLAN portgroups added to and removed from an existing switch's network (change-switch-vlans); undone exactly.</summary>
    public static readonly StepDefinition<VlanChangeArguments, VlanChangeOutputs> ChangeVlans = new(
        "change-vlans",
        "revert-vlans",
        p =>
        {
            var c = VlanChange.FromParameters(p);
            return new VlanChangeArguments(c.Bridge, c.Network, c.Add, c.Remove);
        },
        (a, o, host) =>
        {
            var added = o?.PortgroupsAdded ?? a.Add.Select(v => Naming.Portgroup(v)).ToList();
            var removed = o?.PortgroupsRemoved ?? a.Remove.Select(v => Naming.Portgroup(v)).ToList();
            return added.Select(pg => $"portgroup {pg} added to network {a.Network} on {host}")
                .Concat(removed.Select(pg => $"portgroup {pg} removed from network {a.Network} on {host} (not restored)"));
        });

    /// <summary>Without outputs (a timeout) the step may have made anything it could make.</summary>
    private static IEnumerable<string> SwitchLeftovers(SwitchArguments a, SwitchOutputs? o, string host)
    {
        if (o is null || o.BridgeCreated) yield return $"bridge {a.Bridge} on {host}";
        if (a.Uplink is { } uplink && (o is null || o.UplinkAdded)) yield return $"uplink {uplink} on bridge {a.Bridge} on {host}";
        if (o is null || o.NetworkCreated) yield return $"network {a.Network} on {host}";
        foreach (var portgroup in o?.PortgroupsAdded ?? a.Portgroups) yield return $"portgroup {portgroup} of network {a.Network} on {host}";
    }

    /// <summary>
    /// Before create-bridge became a create-switch it reported one portgroup (<c>portgroupAdded</c>, <c>portgroup</c>);
    /// a switch reports lists.
    /// </summary>
    private static JsonObject UpcastBridgeOutputs(JsonObject outputs)
    {
        if (outputs.ContainsKey("portgroupsAdded") || outputs["portgroup"]?.GetValue<string>() is not { } portgroup) return outputs;
        var added = outputs["portgroupAdded"]?.ToString() == "true";
        outputs["portgroupsAdded"] = added ? new JsonArray(portgroup) : new JsonArray();
        outputs["portgroups"] = new JsonArray(portgroup);
        return outputs;
    }
}
