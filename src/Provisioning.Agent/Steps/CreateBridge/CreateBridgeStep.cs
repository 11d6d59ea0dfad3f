using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Contracts;
using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Agent.Steps.CreateBridge;

/// <summary>
/// The OVS bridge (with its optional uplink NIC) and the libvirt network on it (forward bridge,
/// openvswitch virtualport, the request's VLAN portgroup), active and autostarted. Requests share
/// bridges, so both directions run under a per-bridge lock and record ownership in the bridge's
/// external_ids (see <see cref="BridgeMarkers"/>); outputs are computed from those markers, so a
/// retry reports exactly what the first run created.
/// </summary>
public sealed class CreateBridgeStep(AgentOptions options, LibvirtConnector libvirt, OvsVsctl ovs, KeyedLock locks) : IStep
{
    public string Name => StepCatalog.CreateBridge;

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var spec = VmSpec.FromParameters(context.Parameters);
        var bridge = spec.Bridge;
        var portgroup = Naming.Portgroup(spec.Vlan);
        var request = BridgeMarkers.Value(context.RequestId);
        using var held = await locks.AcquireAsync("bridge:" + bridge, ct);

        if (spec.Uplink is { } nic && !HostFacts.InterfaceExists(nic))
        {
            return StepOutcome.Permanent($"uplink NIC '{nic}' does not exist on host {context.Host}");
        }
        // A network of another shape under the name is refused before anything is made.
        var connection = libvirt.Get();
        var network = connection.FindNetwork(bridge);
        if (network is not null && Unusable(connection.GetNetworkXml(bridge, inactive: true), bridge, network) is { } refused)
        {
            return StepOutcome.Permanent(refused);
        }

        // The lease goes in first: from here on no other request's compensation removes what we rely on.
        if (!await ovs.BridgeExists(bridge, ct))
        {
            var datapath = DatapathTypes.Resolve(options.DatapathType);
            await ovs.AddBridge(bridge, datapath, new Dictionary<string, string>
            {
                [BridgeMarkers.Bridge] = request,
                [BridgeMarkers.User(context.RequestId)] = portgroup,
            }, ct);
        }
        else
        {
            await ovs.SetBridgeExternalId(bridge, BridgeMarkers.User(context.RequestId), portgroup, ct);
        }

        if (spec.Uplink is { } uplink && !(await ovs.ListPorts(bridge, ct)).Contains(uplink))
        {
            await ovs.AddPort(bridge, uplink, new Dictionary<string, string> { [BridgeMarkers.Uplink] = request }, ct);
        }

        if (network is null)
        {
            // Marker before the definition: after a crash in between, the retry still knows it is ours.
            await ovs.SetBridgeExternalId(bridge, BridgeMarkers.Network, request, ct);
            connection.DefineNetwork(NetworkXml.Build(bridge, bridge, spec.Vlan is { } vlan ? [vlan] : []));
            network = connection.FindNetwork(bridge) ?? throw StepFailedException.Transient($"network {bridge} vanished right after it was defined");
        }

        var xml = connection.GetNetworkXml(bridge, inactive: true);
        if (Unusable(xml, bridge, network) is { } problem) return StepOutcome.Permanent(problem);

        if (!NetworkXml.PortgroupNames(xml).Contains(portgroup))
        {
            await ovs.SetBridgeExternalId(bridge, BridgeMarkers.Portgroup(portgroup), request, ct);
            connection.AddPortgroup(bridge, NetworkXml.Portgroup(spec.Vlan).ToString());
        }
        if (!network.Active) Tolerate.Libvirt(() => connection.StartNetwork(bridge), LibvirtErrorCode.OperationInvalid);
        if (!network.Autostart) connection.SetNetworkAutostart(bridge, true);

        var markers = await ovs.GetBridgeExternalIds(bridge, ct);
        return StepOutcome.Ok(new Dictionary<string, string>
        {
            [OutputKeys.BridgeCreated] = Flag(BridgeMarkers.IsOwner(markers, BridgeMarkers.Bridge, context.RequestId)),
            [OutputKeys.UplinkAdded] = Flag(spec.Uplink is not null && BridgeMarkers.IsOwner(markers, BridgeMarkers.Uplink, context.RequestId)),
            [OutputKeys.NetworkCreated] = Flag(BridgeMarkers.IsOwner(markers, BridgeMarkers.Network, context.RequestId)),
            [OutputKeys.PortgroupAdded] = Flag(BridgeMarkers.IsOwner(markers, BridgeMarkers.Portgroup(portgroup), context.RequestId)),
            [OutputKeys.Portgroup] = portgroup,
            [OutputKeys.Bridge] = bridge,
            [OutputKeys.Network] = bridge,
        });
    }

    public async Task<StepOutcome> CompensateAsync(StepContext context, CancellationToken ct)
    {
        var spec = VmSpec.FromParameters(context.Parameters);
        var bridge = spec.Bridge;
        var portgroup = Naming.Portgroup(spec.Vlan);
        using var held = await locks.AcquireAsync("bridge:" + bridge, ct);

        var connection = libvirt.Get();
        var bridgeExists = await ovs.BridgeExists(bridge, ct);
        IReadOnlyDictionary<string, string> markers;
        IReadOnlyList<string> ports;
        if (bridgeExists)
        {
            await ovs.RemoveBridgeExternalId(bridge, BridgeMarkers.User(context.RequestId), ct);
            markers = await ovs.GetBridgeExternalIds(bridge, ct);
            ports = await ovs.ListPorts(bridge, ct);
        }
        else
        {
            // The markers went with the bridge; what execution reported is the only evidence left.
            markers = MarkersFromOutputs(context);
            ports = [];
        }

        var network = connection.FindNetwork(bridge);
        var networkXml = network is null ? null : connection.GetNetworkXml(bridge, inactive: true);
        var plan = RemovalPlan.Decide(new RemovalPlan.Observed(
            context.RequestId,
            markers,
            network is not null,
            networkXml is not null && NetworkXml.PortgroupNames(networkXml).Contains(portgroup),
            portgroup,
            spec.Uplink,
            ports,
            NetworkUsage.Of(DomainDefinitions(connection), bridge, bridge, NetworkXml.NoVlan)));

        var removed = new List<string>();
        if (plan.RemovePortgroup)
        {
            connection.RemovePortgroup(bridge, portgroup);
            removed.Add("portgroup " + portgroup);
        }
        if (plan.RemoveNetwork)
        {
            Tolerate.Libvirt(() => connection.DestroyNetwork(bridge), LibvirtErrorCode.OperationInvalid, LibvirtErrorCode.NoNetwork);
            Tolerate.Libvirt(() => connection.UndefineNetwork(bridge), LibvirtErrorCode.NoNetwork);
            removed.Add("network " + bridge);
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
            foreach (var (key, heir) in plan.MarkersToHandOver ?? new Dictionary<string, string>())
            {
                await ovs.SetBridgeExternalId(bridge, key, heir, ct);
            }
        }

        return StepOutcome.Ok(new Dictionary<string, string>
        {
            ["removed"] = string.Join(", ", removed),
            ["kept"] = string.Join("; ", plan.Kept),
        });
    }

    /// <summary>Why an existing network cannot carry the request's NIC, or null when it can.</summary>
    public static string? Unusable(string networkXml, string bridge, NetworkInfo network)
    {
        if (!NetworkXml.IsOpenVSwitchBridge(networkXml))
        {
            return $"libvirt network '{network.Name}' exists but is not a forward-mode bridge network with an openvswitch virtualport; refusing to use or change it";
        }
        if (NetworkXml.BridgeOf(networkXml) is var actual && actual != bridge)
        {
            return $"libvirt network '{network.Name}' exists but is on bridge '{actual}', not '{bridge}'; refusing to use or change it";
        }
        if (!network.Persistent)
        {
            return $"libvirt network '{network.Name}' exists but is transient (not defined), so it cannot be autostarted";
        }
        return null;
    }

    private static Dictionary<string, string> MarkersFromOutputs(StepContext context)
    {
        var request = BridgeMarkers.Value(context.RequestId);
        var markers = new Dictionary<string, string>();
        if (context.PriorOutputs.GetValueOrDefault(OutputKeys.NetworkCreated) == "true") markers[BridgeMarkers.Network] = request;
        if (context.PriorOutputs.GetValueOrDefault(OutputKeys.PortgroupAdded) == "true"
            && context.PriorOutputs.GetValueOrDefault(OutputKeys.Portgroup) is { } portgroup)
        {
            markers[BridgeMarkers.Portgroup(portgroup)] = request;
        }
        return markers;
    }

    /// <summary>Every domain's persistent and (when running) live definition: either may reference the network.</summary>
    private static IEnumerable<string> DomainDefinitions(LibvirtConnection connection)
    {
        var xmls = new List<string>();
        foreach (var domain in connection.ListDomains())
        {
            try
            {
                xmls.Add(connection.GetDomainXml(domain.Uuid, inactive: true));
                if (domain.Active) xmls.Add(connection.GetDomainXml(domain.Uuid, inactive: false));
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoDomain)
            {
                // Undefined since it was listed: it uses nothing any more.
            }
        }
        return xmls;
    }

    private static string Flag(bool value) => value ? "true" : "false";
}
