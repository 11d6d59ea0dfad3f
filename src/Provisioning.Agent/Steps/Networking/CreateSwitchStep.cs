using Microsoft.Extensions.Logging;
using Provisioning.Agent.Drivers;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Drivers.Ovs;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Steps.Networking;

namespace Provisioning.Agent.Steps.Networking;

/// <summary>
/// A switch on this host (create-switch, and create-bridge for a VM: the same thing with at most one VLAN): the OVS
/// bridge (with its optional uplink NIC) and the libvirt network on it (forward bridge, openvswitch virtualport) with
/// the portgroup of every requested VLAN, active and autostarted. Requests share bridges, so both directions run under
/// a per-bridge lock and record on the bridge (<see cref="BridgeMarkers"/>) what they created: bridge, uplink, network
/// and each portgroup added, plus a lease naming the portgroups the request relies on, so other requests' undo leaves
/// them alone. The undo removes exactly what its markers say it created and nothing that a domain interface, a tagged
/// port or another request's lease still uses, handing kept things to such a request. A network made by an earlier
/// version, whose untagged portgroup made trunks of every VLAN, is migrated on the way (<see cref="UntaggedMigration"/>).
/// </summary>
public sealed class CreateSwitchStep(AgentOptions options, LibvirtConnector libvirt, OvsVsctl ovs, KeyedLock locks, UplinkFactsReader uplinks, ILogger<CreateSwitchStep> log)
    : IStep<SwitchArguments, SwitchOutputs>
{
    public async Task<StepOutcome<SwitchOutputs>> ExecuteAsync(StepContext<SwitchArguments> context, CancellationToken ct)
    {
        var spec = context.Arguments;
        var (bridge, name) = (spec.Bridge, spec.Network);
        var request = BridgeMarkers.Value(context.RequestId);
        using var held = await locks.AcquireAsync("bridge:" + bridge, ct);

        if (spec.Vlans.Contains(options.UntaggedVlan))
        {
            return StepOutcome.Permanent(NativeVlanRefusal(options.UntaggedVlan, context.Host));
        }
        // Checked on every try, under the bridge's lock: a retry after the uplink went in finds it a port of this bridge.
        // The allow-list first: a NIC nobody listed is refused without asking the host anything.
        if (spec.Uplink is { } nic)
        {
            if (!UplinkRules.IsAllowed(nic, options.AllowedUplinks)) return StepOutcome.Permanent(UplinkRules.NotAllowed(nic, context.Host));
            if (UplinkRules.Refusal(nic, bridge, context.Host, await uplinks.ReadAsync(nic, ct), options.AllowedUplinks) is { } notUplink)
            {
                return StepOutcome.Permanent(notUplink);
            }
        }
        // A network of another shape under the name, or a portgroup of a VLAN's name tagging something else,
        // is refused before anything is made.
        var connection = libvirt.Get();
        var network = connection.FindNetwork(name);
        if (network is not null && Refusal(connection.GetNetworkXml(name, inactive: true), spec, network, options.UntaggedVlan) is { } refused)
        {
            return StepOutcome.Permanent(refused);
        }

        // The lease goes in first: from here on no other request's undo removes what this switch relies on.
        var lease = BridgeMarkers.Lease(Relied(spec));
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
            connection.DefineNetwork(NetworkXml.Build(name, bridge, spec.Vlans, options.UntaggedVlan));
            network = connection.FindNetwork(name) ?? throw StepFailedException.Transient($"network {name} vanished right after it was defined");
        }

        var xml = connection.GetNetworkXml(name, inactive: true);
        if (Refusal(xml, spec, network, options.UntaggedVlan) is { } problem) return StepOutcome.Permanent(problem);
        var existing = NetworkXml.PortgroupNames(xml);
        // Every VLAN's portgroup; with no VLAN the untagged one (a network made by hand may lack it: a VM's NIC needs it).
        var missing = spec.Vlans.Count > 0 ? spec.Vlans.Select(v => (int?)v) : [null];
        foreach (var vlan in missing.Where(v => !existing.Contains(NetworkXml.PortgroupName(v))))
        {
            await ovs.SetBridgeExternalId(bridge, BridgeMarkers.Portgroup(NetworkXml.PortgroupName(vlan)), request, ct);
            var portgroup = vlan is { } tagged ? NetworkXml.Portgroup(tagged) : NetworkXml.UntaggedPortgroup(options.UntaggedVlan);
            connection.AddPortgroup(name, portgroup.ToString());
        }
        foreach (var change in await UntaggedMigration.RunAsync(connection, ovs, name, bridge, options.UntaggedVlan, ct))
        {
            log.LogWarning("Request {RequestId} on {Host}: migrated {Change}", context.RequestId, context.Host, change);
        }
        if (!network.Active) Tolerate.Libvirt(() => connection.StartNetwork(name), LibvirtErrorCode.OperationInvalid);
        if (!network.Autostart) connection.SetNetworkAutostart(name, true);

        // Outputs come from the markers, so a retry reports exactly what the first run created.
        var markers = await ovs.GetBridgeExternalIds(bridge, ct);
        bool Owns(string key) => BridgeMarkers.IsOwner(markers, key, context.RequestId);
        return StepOutcome.Ok(new SwitchOutputs(
            BridgeCreated: Owns(BridgeMarkers.Bridge),
            UplinkAdded: spec.Uplink is not null && Owns(BridgeMarkers.Uplink),
            NetworkCreated: Owns(BridgeMarkers.Network),
            PortgroupsAdded: Relied(spec).Where(pg => Owns(BridgeMarkers.Portgroup(pg))).ToList(),
            Portgroups: spec.Portgroups,
            Bridge: bridge,
            Network: name));
    }

    public async Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<SwitchArguments> context, SwitchOutputs? executed, CancellationToken ct)
    {
        var spec = context.Arguments;
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
            markers = MarkersOf(executed, context.RequestId);
            ports = [];
        }

        var network = connection.FindNetwork(name);
        var portgroupsNow = network is null ? [] : NetworkXml.PortgroupNames(connection.GetNetworkXml(name, inactive: true));
        var usage = SwitchHost.Usage(SwitchHost.DomainDefinitions(connection), name, bridge, ports, spec.Vlans);
        var plan = SwitchRemoval.Decide(context.RequestId, markers, network is not null, portgroupsNow,
            Relied(spec), spec.Uplink, ports.Select(p => p.Name).ToList(), usage);

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

        return StepOutcome.Ok(new UndoReport(removed, [], plan.Kept));
    }

    /// <summary>The portgroups the request relies on: its VLANs', or the untagged default when it has none.</summary>
    private static IReadOnlyList<string> Relied(SwitchArguments spec) => spec.Vlans.Count > 0 ? spec.Portgroups : [NetworkXml.NoVlan];

    /// <summary>
    /// Why an existing network (or a portgroup named for one of the VLANs, or for an untagged switch the default portgroup)
    /// cannot be this switch's, or null when it can. A <c>no-vlan</c> without a tag is not refused: it is migrated.
    /// </summary>
    private static string? Refusal(string networkXml, SwitchArguments spec, NetworkInfo network, int nativeVlan) =>
        Unusable(networkXml, spec.Bridge, network)
        ?? spec.Vlans.Select(v => SwitchHost.WrongTag(networkXml, spec.Network, v)).FirstOrDefault(p => p is not null)
        ?? (spec.Vlans.Count == 0 && NetworkXml.UntaggedState(networkXml, nativeVlan) == UntaggedPortgroupState.Other
            ? $"portgroup '{NetworkXml.NoVlan}' of libvirt network '{spec.Network}' exists but does not tag this host's native VLAN {nativeVlan} (Agent:UntaggedVlan) alone; refusing to use or change it"
            : null);

    /// <summary>Why a request may not name the host's native VLAN (only reachable when Agent:UntaggedVlan is not the reserved default).</summary>
    public static string NativeVlanRefusal(int nativeVlan, string host) =>
        $"VLAN {nativeVlan} is the native VLAN of untagged ports on host {host} (Agent:UntaggedVlan); a request may not name it";

    /// <summary>Why an existing network cannot carry a switch (or a VM's NIC) on <paramref name="bridge"/>, or null when it can.</summary>
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

    /// <summary>For an undo after the bridge (and its markers) vanished: the ownership that execution reported.</summary>
    private static Dictionary<string, string> MarkersOf(SwitchOutputs? executed, Guid requestId)
    {
        var request = BridgeMarkers.Value(requestId);
        var markers = new Dictionary<string, string>();
        if (executed is null) return markers;
        if (executed.NetworkCreated) markers[BridgeMarkers.Network] = request;
        foreach (var portgroup in executed.PortgroupsAdded ?? []) markers[BridgeMarkers.Portgroup(portgroup)] = request;
        return markers;
    }
}
