using System.Xml.Linq;

namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>
/// Builds and reads libvirt network XML for the estate's shape: forward mode bridge onto an
/// Open vSwitch bridge, one portgroup per VLAN plus a default untagged <c>no-vlan</c>.
/// </summary>
public static class NetworkXml
{
    /// <summary>The default, untagged portgroup.</summary>
    public const string NoVlan = "no-vlan";

    /// <summary>Linux interface names (and so OVS bridge names) are at most 15 bytes.</summary>
    private const int MaxBridgeNameLength = 15;

    /// <summary>A new network (libvirt picks its UUID). To redefine an existing one, use the overload with its UUID.</summary>
    public static string Build(string name, string bridge, IEnumerable<int> vlans) => BuildXml(name, bridge, vlans, uuid: null);

    /// <summary>
    /// The network with its UUID: what redefining an existing network takes, because libvirt refuses
    /// a definition of an existing name without its UUID (OperationFailed "already exists with uuid").
    /// </summary>
    public static string Build(string name, string bridge, IEnumerable<int> vlans, Guid uuid) => BuildXml(name, bridge, vlans, uuid);

    private static string BuildXml(string name, string bridge, IEnumerable<int> vlans, Guid? uuid)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(bridge);
        ArgumentNullException.ThrowIfNull(vlans);
        if (bridge.Length > MaxBridgeNameLength) throw new ArgumentException($"Bridge name '{bridge}' is longer than {MaxBridgeNameLength} characters.", nameof(bridge));
        return new XElement("network",
            new XElement("name", name),
            uuid is { } id ? new XElement("uuid", id.ToString("D")) : null,
            new XElement("forward", new XAttribute("mode", "bridge")),
            new XElement("bridge", new XAttribute("name", bridge)),
            new XElement("virtualport", new XAttribute("type", "openvswitch")),
            Portgroup(null),
            vlans.Distinct().Select(v => Portgroup(v))).ToString();
    }

    /// <summary>The portgroup name for a VLAN: <c>vlan-100</c>, or <c>no-vlan</c> for none.</summary>
    public static string PortgroupName(int? vlan) => vlan is { } id ? $"vlan-{RequireVlan(id)}" : NoVlan;

    /// <summary>
    /// A portgroup tagging VLAN <paramref name="vlan"/>, or the default untagged <c>no-vlan</c> one
    /// when null (a network can have only one default portgroup).
    /// </summary>
    public static XElement Portgroup(int? vlan) => vlan is { } id
        ? new XElement("portgroup", new XAttribute("name", PortgroupName(id)),
            new XElement("vlan", new XElement("tag", new XAttribute("id", id))))
        : new XElement("portgroup", new XAttribute("name", NoVlan), new XAttribute("default", "yes"));

    public static IReadOnlyList<string> PortgroupNames(string xml) =>
        Parse(xml).Elements("portgroup").Select(p => (string?)p.Attribute("name")).OfType<string>().ToList();

    /// <summary>The portgroup element of this name as XML, or null.</summary>
    public static string? PortgroupXml(string xml, string portgroupName) =>
        FindPortgroup(Parse(xml), portgroupName)?.ToString();

    /// <summary>The network XML with <paramref name="portgroup"/> appended after the existing portgroups.</summary>
    public static string WithPortgroup(string xml, XElement portgroup)
    {
        ArgumentNullException.ThrowIfNull(portgroup);
        var network = Parse(xml);
        var last = network.Elements("portgroup").LastOrDefault();
        if (last is null) network.Add(new XElement(portgroup));
        else last.AddAfterSelf(new XElement(portgroup));
        return network.ToString();
    }

    /// <summary>The network XML without the portgroup of this name.</summary>
    public static string WithoutPortgroup(string xml, string portgroupName)
    {
        var network = Parse(xml);
        FindPortgroup(network, portgroupName)?.Remove();
        return network.ToString();
    }

    /// <summary>The name of the host bridge the network uses, or null.</summary>
    public static string? BridgeOf(string xml) => (string?)Parse(xml).Element("bridge")?.Attribute("name");

    /// <summary>True for the estate's shape: forward mode bridge with a network-wide openvswitch virtualport.</summary>
    public static bool IsOpenVSwitchBridge(string xml)
    {
        var network = Parse(xml);
        return (string?)network.Element("forward")?.Attribute("mode") == "bridge"
            && (string?)network.Element("virtualport")?.Attribute("type") == "openvswitch";
    }

    private static XElement? FindPortgroup(XElement network, string portgroupName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(portgroupName);
        return network.Elements("portgroup").FirstOrDefault(p => (string?)p.Attribute("name") == portgroupName);
    }

    // 0 and 4095 are reserved by 802.1Q.
    private static int RequireVlan(int vlan) =>
        vlan is >= 1 and <= 4094 ? vlan : throw new ArgumentOutOfRangeException(nameof(vlan), vlan, "A VLAN id is 1..4094.");

    private static XElement Parse(string xml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(xml);
        var root = XElement.Parse(xml);
        return root.Name == "network" ? root : throw new ArgumentException("Not a libvirt network XML.", nameof(xml));
    }
}
