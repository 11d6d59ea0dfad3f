using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Agent.Steps.CreateBridge;
using Provisioning.Contracts;
using Provisioning.Domain.Switch;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Steps.CreateSwitch;

/// <summary>
/// A switch on this host: the OVS bridge (with its optional uplink NIC) and the libvirt network on it (forward
/// bridge, openvswitch virtualport) with the portgroup of every requested VLAN, active and autostarted. Like
/// create-bridge it shares what exists and records on the bridge (<see cref="BridgeMarkers"/>) what it created:
/// bridge, uplink, network and each portgroup it added, plus a lease naming all its portgroups, so other requests'
/// undo leaves them alone. Its undo (remove-switch) removes exactly what its markers say it created and nothing
/// that a domain interface, a tagged port or another request's lease still uses, handing kept things to such a
/// request the way remove-bridge does.
/// </summary>
public sealed class CreateSwitchStep(AgentOptions options, LibvirtConnector libvirt, OvsVsctl ovs, KeyedLock locks) : IStep
{
    public string Name => StepCatalog.CreateSwitch;

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var spec = SwitchSpec.FromParameters(context.Parameters);
        if (!spec.Hosts.Contains(context.Host, StringComparer.OrdinalIgnoreCase))
        {
            return StepOutcome.Permanent($"the request is for hosts {spec.Host}, not {context.Host}");
        }
        var (bridge, name) = (spec.Bridge, spec.Network);
        var request = BridgeMarkers.Value(context.RequestId);
        using var held = await locks.AcquireAsync("bridge:" + bridge, ct);

        if (spec.Uplink is { } nic && !HostFacts.InterfaceExists(nic))
        {
            return StepOutcome.Permanent($"uplink NIC '{nic}' does not exist on host {context.Host}");
        }
        // A network of another shape under the name, or a portgroup of a VLAN's name tagging something else,
        // is refused before anything is made.
        var connection = libvirt.Get();
        var network = connection.FindNetwork(name);
        if (network is not null && Refusal(connection.GetNetworkXml(name, inactive: true), spec, network) is { } refused)
        {
            return StepOutcome.Permanent(refused);
        }

        // The lease goes in first: from here on no other request's undo removes what this switch relies on.
        var lease = BridgeMarkers.Lease(spec.Vlans.Count > 0 ? spec.Portgroups : [NetworkXml.NoVlan]);
        if (!await ovs.BridgeExists(bridge, ct))
        {
            await ovs.AddBridge(bridge, DatapathTypes.Resolve(options.DatapathType), new Dictionary<string, string>
            {
                [BridgeMarkers.Bridge] = request,
                [BridgeMarkers.User(context.RequestId)] = lease,
            }, ct);
        }
        else
        {
            await ovs.SetBridgeExternalId(bridge, BridgeMarkers.User(context.RequestId), lease, ct);
        }

        if (spec.Uplink is { } uplink && !(await ovs.ListPorts(bridge, ct)).Contains(uplink))
        {
            await ovs.AddPort(bridge, uplink, new Dictionary<string, string> { [BridgeMarkers.Uplink] = request }, ct);
        }

        if (network is null)
        {
            // Markers before the definition: after a crash in between, the retry still knows what is ours.
            await ovs.SetBridgeExternalId(bridge, BridgeMarkers.Network, request, ct);
            foreach (var portgroup in spec.Portgroups) await ovs.SetBridgeExternalId(bridge, BridgeMarkers.Portgroup(portgroup), request, ct);
            connection.DefineNetwork(NetworkXml.Build(name, bridge, spec.Vlans));
            network = connection.FindNetwork(name) ?? throw StepFailedException.Transient($"network {name} vanished right after it was defined");
        }

        var xml = connection.GetNetworkXml(name, inactive: true);
        if (Refusal(xml, spec, network) is { } problem) return StepOutcome.Permanent(problem);
        var existing = NetworkXml.PortgroupNames(xml);
        foreach (var vlan in spec.Vlans.Where(v => !existing.Contains(NetworkXml.PortgroupName(v))))
        {
            await ovs.SetBridgeExternalId(bridge, BridgeMarkers.Portgroup(NetworkXml.PortgroupName(vlan)), request, ct);
            connection.AddPortgroup(name, NetworkXml.Portgroup(vlan).ToString());
        }
        if (!network.Active) Tolerate.Libvirt(() => connection.StartNetwork(name), LibvirtErrorCode.OperationInvalid);
        if (!network.Autostart) connection.SetNetworkAutostart(name, true);

        // Outputs come from the markers, so a retry reports exactly what the first run created.
        var markers = await ovs.GetBridgeExternalIds(bridge, ct);
        bool Owns(string key) => BridgeMarkers.IsOwner(markers, key, context.RequestId);
        var outputs = new Dictionary<string, string>
        {
            [OutputKeys.BridgeCreated] = Flag(Owns(BridgeMarkers.Bridge)),
            [OutputKeys.UplinkAdded] = Flag(spec.Uplink is not null && Owns(BridgeMarkers.Uplink)),
            [OutputKeys.NetworkCreated] = Flag(Owns(BridgeMarkers.Network)),
            [SwitchOutputs.PortgroupsAdded] = string.Join(',', spec.Portgroups.Where(pg => Owns(BridgeMarkers.Portgroup(pg)))),
            [SwitchOutputs.Portgroups] = string.Join(',', spec.Portgroups),
            [OutputKeys.Bridge] = bridge,
            [OutputKeys.Network] = name,
        };
        return StepOutcome.Ok(outputs);
    }

    public async Task<StepOutcome> CompensateAsync(StepContext context, CancellationToken ct)
    {
        var spec = SwitchSpec.FromParameters(context.Parameters);
        var (bridge, name) = (spec.Bridge, spec.Network);
        using var held = await locks.AcquireAsync("bridge:" + bridge, ct);

        var connection = libvirt.Get();
        var bridgeExists = await ovs.BridgeExists(bridge, ct);
        IReadOnlyDictionary<string, string> markers;
        IReadOnlyList<OvsPortVlans> ports;
        if (bridgeExists)
        {
            await ovs.RemoveBridgeExternalId(bridge, BridgeMarkers.User(context.RequestId), ct);
            markers = await ovs.GetBridgeExternalIds(bridge, ct);
            ports = await ovs.PortVlans(bridge, ct);
        }
        else
        {
            // The markers went with the bridge; what execution reported is the only evidence left.
            markers = SwitchOutputs.Markers(context);
            ports = [];
        }

        var network = connection.FindNetwork(name);
        var portgroupsNow = network is null ? [] : NetworkXml.PortgroupNames(connection.GetNetworkXml(name, inactive: true));
        var usage = SwitchHost.Usage(SwitchHost.DomainDefinitions(connection), name, bridge, ports, spec.Vlans);
        var plan = SwitchRemoval.Decide(context.RequestId, markers, network is not null, portgroupsNow,
            spec.Vlans.Count > 0 ? spec.Portgroups : [NetworkXml.NoVlan], spec.Uplink, ports.Select(p => p.Name).ToList(), usage);

        var removed = new List<string>();
        if (!plan.RemoveNetwork)
        {
            foreach (var portgroup in plan.Portgroups)
            {
                connection.RemovePortgroup(name, portgroup);
                removed.Add("portgroup " + portgroup);
            }
        }
        if (plan.RemoveNetwork)
        {
            Tolerate.Libvirt(() => connection.DestroyNetwork(name), LibvirtErrorCode.OperationInvalid, LibvirtErrorCode.NoNetwork);
            Tolerate.Libvirt(() => connection.UndefineNetwork(name), LibvirtErrorCode.NoNetwork);
            removed.Add("network " + name);
        }
        if (plan.RemoveUplink)
        {
            await ovs.DeletePort(bridge, spec.Uplink!, [BridgeMarkers.Uplink], ct);
            removed.Add("uplink " + spec.Uplink);
        }
        if (plan.RemoveBridge)
        {
            await ovs.DeleteBridge(bridge, ct);
            removed.Add("bridge " + bridge);
        }
        else if (bridgeExists)
        {
            foreach (var key in plan.MarkersToRemove) await ovs.RemoveBridgeExternalId(bridge, key, ct);
            foreach (var (key, heir) in plan.MarkersToHandOver) await ovs.SetBridgeExternalId(bridge, key, heir, ct);
        }

        return StepOutcome.Ok(new Dictionary<string, string>
        {
            ["removed"] = string.Join(", ", removed),
            ["kept"] = string.Join("; ", plan.Kept),
        });
    }

    private static string? Refusal(string networkXml, SwitchSpec spec, NetworkInfo network) =>
        CreateBridgeStep.Unusable(networkXml, spec.Bridge, network)
        ?? spec.Vlans.Select(v => SwitchHost.WrongTag(networkXml, spec.Network, v)).FirstOrDefault(p => p is not null);

    private static string Flag(bool value) => value ? "true" : "false";
}
