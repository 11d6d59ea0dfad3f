using System.Xml.Linq;
using Provisioning.Agent.Drivers.Libvirt;
using Provisioning.Agent.Drivers.Ovs;

namespace Provisioning.Agent.Steps.Networking;

/// <summary>
/// What the switch steps read from the host before deciding: who uses a network's portgroups (domain interfaces,
/// in their persistent or live definition) and which VLANs the bridge's OVS ports carry.
/// </summary>
public static class SwitchHost
{
    /// <summary>One domain interface on a network: the domain's name and the portgroup it is in.</summary>
    public sealed record NetworkInterface(string Domain, string Portgroup);

    /// <summary>Every domain's persistent and (when running) live definition, with the domain's name.</summary>
    public static IReadOnlyList<(string Domain, string Xml)> DomainDefinitions(LibvirtConnection connection)
    {
        var xmls = new List<(string, string)>();
        foreach (var domain in connection.ListDomains())
        {
            try
            {
                xmls.Add((domain.Name, connection.GetDomainXml(domain.Uuid, inactive: true)));
                if (domain.Active) xmls.Add((domain.Name, connection.GetDomainXml(domain.Uuid, inactive: false)));
            }
            catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoDomain)
            {
                // Undefined since it was listed: it uses nothing any more.
            }
        }
        return xmls;
    }

    /// <summary>The interfaces on <paramref name="network"/> (an interface without a portgroup is in the default one), each once.</summary>
    public static IReadOnlyList<NetworkInterface> InterfacesOn(IEnumerable<(string Domain, string Xml)> definitions, string network) =>
        definitions.SelectMany(d => XElement.Parse(d.Xml).Elements("devices").Elements("interface")
                .Where(i => (string?)i.Attribute("type") == "network" && (string?)i.Element("source")?.Attribute("network") == network)
                .Select(i => new NetworkInterface(d.Domain, (string?)i.Element("source")!.Attribute("portgroup") ?? NetworkXml.NoVlan)))
            .Distinct()
            .ToList();

    /// <summary>
    /// Domain usage of the network as <see cref="RemovalPlan"/> reads it, with the portgroups of VLANs that an OVS port
    /// of the bridge carries counted as used too (a port tagged by hand is a user libvirt does not know of).
    /// </summary>
    public static NetworkUsage Usage(IEnumerable<(string Domain, string Xml)> definitions, string network, string bridge, IEnumerable<OvsPortVlans> ports, IEnumerable<int> vlans)
    {
        var usage = NetworkUsage.Of(definitions.Select(d => d.Xml), network, bridge, NetworkXml.NoVlan);
        var carried = vlans.Where(v => ports.Any(p => p.Carries(v))).Select(v => NetworkXml.PortgroupName(v));
        return usage with { Portgroups = usage.Portgroups.Union(carried, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal) };
    }

    /// <summary>Why an existing portgroup named for a VLAN cannot be taken as that VLAN's, or null when it can.</summary>
    public static string? WrongTag(string networkXml, string network, int vlan)
    {
        var name = NetworkXml.PortgroupName(vlan);
        if (NetworkXml.PortgroupXml(networkXml, name) is not { } xml) return null;
        var tags = XElement.Parse(xml).Elements("vlan").Elements("tag").Select(t => (string?)t.Attribute("id")).ToList();
        return tags.Count == 1 && tags[0] == vlan.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ? null
            : $"portgroup '{name}' of libvirt network '{network}' exists but does not tag VLAN {vlan} alone; refusing to use or change it";
    }
}
