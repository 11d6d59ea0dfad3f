using System.Xml.Linq;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Drivers.Ovs;

namespace Provisioning.Agent.Steps.Networking;

/// <summary>
/// Brings a network made by an earlier version to today's shape: its <c>no-vlan</c> portgroup without <c>&lt;vlan&gt;</c>
/// gets the native tag, and the OVS ports libvirt already made for running guests in it (trunks of every VLAN, since
/// libvirt applies a portgroup only when it makes a port) become access ports on the native VLAN.
/// <para>
/// create-switch (and create-bridge, the same step) runs it whenever it meets a network, under the bridge lock. That is
/// the simplest correct place: every VM joins a network through create-bridge, so no guest boots untagged on an
/// unmigrated network; the change is made where the step already reads and changes the network, cannot race another
/// request on the bridge, and is logged with that request. A sweep at agent start-up would touch networks no request
/// named, outside any request, with nowhere to report a failure; an idle network is migrated by a provision-switch of
/// its bridge, which adds nothing there and so undoes nothing.
/// </para>
/// <para>
/// It is a repair, not something the request adds: its undo does not put the trunks back (that would reopen the hole),
/// and what it changes keeps its owner, so the ownership rules of the undo hold as before.
/// </para>
/// </summary>
public static class UntaggedMigration
{
    /// <summary>What was changed, in words for the step's log (empty: nothing needed changing).</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(LibvirtConnection connection, OvsVsctl ovs, string network, string bridge, int nativeVlan, CancellationToken ct)
    {
        var changed = new List<string>();
        var config = NetworkXml.UntaggedState(connection.GetNetworkXml(network, inactive: true), nativeVlan);
        var live = NetworkXml.UntaggedState(connection.GetNetworkXml(network, inactive: false), nativeVlan);
        if (config == UntaggedPortgroupState.Untagged || live == UntaggedPortgroupState.Untagged)
        {
            connection.ReplacePortgroup(network, NetworkXml.UntaggedPortgroup(nativeVlan).ToString());
            changed.Add($"portgroup {NetworkXml.NoVlan} of network {network} now tags native VLAN {nativeVlan}");
        }
        else if (config != UntaggedPortgroupState.Native)
        {
            // Missing, or tagging something of someone's choosing: its ports are not ours to change.
            return changed;
        }

        var ports = await ovs.PortVlans(bridge, ct);
        if (!ports.Any(p => p.TrunksEveryVlan)) return changed;
        foreach (var port in PortsToRetag(SwitchHost.DomainDefinitions(connection), network, ports))
        {
            await ovs.SetAccessPort(port, nativeVlan, ct);
            changed.Add($"OVS port {port} (a trunk of every VLAN) is now an access port on native VLAN {nativeVlan}");
        }
        return changed;
    }

    /// <summary>
    /// The OVS ports of domain interfaces in <paramref name="network"/>'s default portgroup (named <c>no-vlan</c> or
    /// none) that trunk every VLAN. Only interfaces libvirt plugged in for that portgroup: an uplink, a gateway port or a
    /// port of another portgroup is never touched.
    /// </summary>
    public static IReadOnlyList<string> PortsToRetag(IEnumerable<(string Domain, string Xml)> definitions, string network, IEnumerable<OvsPortVlans> ports)
    {
        var devices = definitions
            .SelectMany(d => XElement.Parse(d.Xml).Elements("devices").Elements("interface"))
            // A running domain's live XML shows a network interface as type 'bridge' whose source still names the network.
            .Where(i => (string?)i.Attribute("type") is "network" or "bridge"
                && (string?)i.Element("source")?.Attribute("network") == network
                && ((string?)i.Element("source")!.Attribute("portgroup") ?? NetworkXml.NoVlan) == NetworkXml.NoVlan)
            .Select(i => (string?)i.Element("target")?.Attribute("dev"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        return ports.Where(p => p.TrunksEveryVlan && devices.Contains(p.Name)).Select(p => p.Name).ToList();
    }
}
