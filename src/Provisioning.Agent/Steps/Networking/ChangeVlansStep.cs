using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Networking;

namespace Provisioning.Agent.Steps.Networking;

/// <summary>
/// Adds and removes VLAN portgroups of an existing switch's libvirt network. It first refuses, permanently and
/// having changed nothing, to remove a VLAN that something still uses: an OVS port of the bridge tagged with it or
/// trunking it, or a domain interface (persistent or live) in its portgroup. Every change is recorded on the bridge
/// before it is made: an added portgroup is owned by this request (<see cref="BridgeMarkers.Portgroup"/>), a removed
/// one leaves a <see cref="BridgeMarkers.Removed"/> marker naming its former owner. The undo (revert-vlans) reads
/// those markers: it removes what this request added (unless now in use) and puts back what it removed, with its
/// owner. The removal markers of a request that succeeded stay on the bridge, so its rollback can still restore.
/// </summary>
public sealed class ChangeVlansStep(AgentOptions options, LibvirtConnector libvirt, OvsVsctl ovs, KeyedLock locks) : IStep<VlanChangeArguments, VlanChangeOutputs>
{
    public async Task<StepOutcome<VlanChangeOutputs>> ExecuteAsync(StepContext<VlanChangeArguments> context, CancellationToken ct)
    {
        var change = context.Arguments;
        var (bridge, name) = (change.Bridge, change.Network);
        var request = BridgeMarkers.Value(context.RequestId);
        if (change.Add.Contains(options.UntaggedVlan)) return StepOutcome.Permanent(CreateSwitchStep.NativeVlanRefusal(options.UntaggedVlan, context.Host));
        using var held = await locks.AcquireAsync("bridge:" + bridge, ct);

        var connection = libvirt.Get();
        var network = connection.FindNetwork(name);
        if (network is null) return StepOutcome.Permanent($"there is no libvirt network '{name}' on host {context.Host}");
        var xml = connection.GetNetworkXml(name, inactive: true);
        if (CreateSwitchStep.Unusable(xml, bridge, network) is { } unusable) return StepOutcome.Permanent(unusable);
        if (!await ovs.BridgeExists(bridge, ct)) return StepOutcome.Permanent($"there is no OVS bridge '{bridge}' on host {context.Host}");
        if (change.Add.Select(v => SwitchHost.WrongTag(xml, name, v)).FirstOrDefault(p => p is not null) is { } wrong) return StepOutcome.Permanent(wrong);

        var existing = NetworkXml.PortgroupNames(xml);
        var toRemove = change.Remove.Where(v => existing.Contains(NetworkXml.PortgroupName(v))).ToList();
        var users = await UsersAsync(connection, bridge, name, toRemove, ct);
        if (users.Count > 0)
        {
            return StepOutcome.Permanent($"refusing to remove VLAN(s) still in use on host {context.Host}, nothing was changed: {string.Join("; ", users)}");
        }

        var markers = await ovs.GetBridgeExternalIds(bridge, ct);
        foreach (var vlan in change.Add.Where(v => !existing.Contains(NetworkXml.PortgroupName(v))))
        {
            await ovs.SetBridgeExternalId(bridge, BridgeMarkers.Portgroup(NetworkXml.PortgroupName(vlan)), request, ct);
            connection.AddPortgroup(name, NetworkXml.Portgroup(vlan).ToString());
        }
        foreach (var vlan in change.Remove)
        {
            var portgroup = NetworkXml.PortgroupName(vlan);
            var owner = BridgeMarkers.Portgroup(portgroup);
            var record = BridgeMarkers.Removed(context.RequestId, portgroup);
            if (toRemove.Contains(vlan))
            {
                // Who owned it goes on record before it goes (a retry after a crash keeps the first record).
                if (!markers.ContainsKey(record)) await ovs.SetBridgeExternalId(bridge, record, markers.GetValueOrDefault(owner, BridgeMarkers.NoOwner), ct);
                connection.RemovePortgroup(name, portgroup);
            }
            // Gone (now or by an earlier attempt): its ownership marker goes too.
            if (markers.ContainsKey(owner) && (toRemove.Contains(vlan) || markers.ContainsKey(record))) await ovs.RemoveBridgeExternalId(bridge, owner, ct);
        }

        var after = await ovs.GetBridgeExternalIds(bridge, ct);
        return StepOutcome.Ok(new VlanChangeOutputs(
            PortgroupsAdded: change.Add.Select(v => NetworkXml.PortgroupName(v))
                .Where(pg => BridgeMarkers.IsOwner(after, BridgeMarkers.Portgroup(pg), context.RequestId)).ToList(),
            PortgroupsRemoved: change.Remove.Select(v => NetworkXml.PortgroupName(v))
                .Where(pg => after.ContainsKey(BridgeMarkers.Removed(context.RequestId, pg))).ToList(),
            Bridge: bridge,
            Network: name));
    }

    public async Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<VlanChangeArguments> context, VlanChangeOutputs? executed, CancellationToken ct)
    {
        var change = context.Arguments;
        var (bridge, name) = (change.Bridge, change.Network);
        using var held = await locks.AcquireAsync("bridge:" + bridge, ct);

        // The records are on the bridge: without it there is nothing this request could put back or take away.
        if (!await ovs.BridgeExists(bridge, ct)) return StepOutcome.Ok(new UndoReport([], [], [$"bridge {bridge} is gone"]));
        var connection = libvirt.Get();
        var network = connection.FindNetwork(name);
        var existing = network is null ? [] : NetworkXml.PortgroupNames(connection.GetNetworkXml(name, inactive: true));
        var markers = await ovs.GetBridgeExternalIds(bridge, ct);
        var ports = await ovs.PortVlans(bridge, ct);
        var usage = SwitchHost.Usage(SwitchHost.DomainDefinitions(connection), name, bridge, ports, change.Add);

        var (removed, restored, kept) = (new List<string>(), new List<string>(), new List<string>());
        foreach (var vlan in change.Add)
        {
            var portgroup = NetworkXml.PortgroupName(vlan);
            var owner = BridgeMarkers.Portgroup(portgroup);
            if (!BridgeMarkers.IsOwner(markers, owner, context.RequestId)) continue;
            if (existing.Contains(portgroup) && usage.Portgroups.Contains(portgroup))
            {
                kept.Add($"portgroup {portgroup}: in use");
                continue;
            }
            if (existing.Contains(portgroup))
            {
                connection.RemovePortgroup(name, portgroup);
                removed.Add(portgroup);
            }
            await ovs.RemoveBridgeExternalId(bridge, owner, ct);
        }
        foreach (var vlan in change.Remove)
        {
            var portgroup = NetworkXml.PortgroupName(vlan);
            var record = BridgeMarkers.Removed(context.RequestId, portgroup);
            if (!markers.TryGetValue(record, out var formerOwner)) continue;
            if (network is null)
            {
                kept.Add($"portgroup {portgroup}: network {name} is gone, nothing to put it back into");
            }
            else if (existing.Contains(portgroup) && markers.TryGetValue(BridgeMarkers.Portgroup(portgroup), out var owner) && owner != formerOwner)
            {
                kept.Add($"portgroup {portgroup}: request {owner} put it back meanwhile");
            }
            else
            {
                // Owner first, then the portgroup: a retry after a crash in between finds it back with its owner.
                if (formerOwner != BridgeMarkers.NoOwner) await ovs.SetBridgeExternalId(bridge, BridgeMarkers.Portgroup(portgroup), formerOwner, ct);
                if (!existing.Contains(portgroup)) connection.AddPortgroup(name, NetworkXml.Portgroup(vlan).ToString());
                restored.Add(portgroup);
            }
            await ovs.RemoveBridgeExternalId(bridge, record, ct);
        }

        return StepOutcome.Ok(new UndoReport(removed, restored, kept));
    }

    /// <summary>What uses each VLAN to remove, in words: tagged or trunking ports of the bridge, domain interfaces in its portgroup.</summary>
    private async Task<IReadOnlyList<string>> UsersAsync(LibvirtConnection connection, string bridge, string network, IReadOnlyList<int> vlans, CancellationToken ct)
    {
        if (vlans.Count == 0) return [];
        var ports = await ovs.PortVlans(bridge, ct);
        var interfaces = SwitchHost.InterfacesOn(SwitchHost.DomainDefinitions(connection), network);
        var users = new List<string>();
        foreach (var vlan in vlans)
        {
            var portgroup = NetworkXml.PortgroupName(vlan);
            var why = ports.Where(p => p.Carries(vlan)).Select(p => p.Tag == vlan ? $"OVS port {p.Name} (tag {vlan})" : $"OVS port {p.Name} (trunks {vlan})")
                .Concat(interfaces.Where(i => i.Portgroup == portgroup).Select(i => i.Domain).Distinct(StringComparer.Ordinal)
                    .Select(d => $"domain {d} (portgroup {portgroup})"))
                .ToList();
            if (why.Count > 0) users.Add($"VLAN {vlan} is used by {string.Join(", ", why)}");
        }
        return users;
    }
}
