using System.Xml.Linq;

namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>
/// Builds and reads libvirt network XML for the estate's shape: forward mode bridge onto an
/// Open vSwitch bridge, one portgroup per VLAN plus a default <c>no-vlan</c> for untagged interfaces.
/// <c>no-vlan</c> tags the host's native VLAN (<see cref="AgentOptions.UntaggedVlan"/>): a portgroup without
/// <c>&lt;vlan&gt;</c> would have libvirt make an OVS port with neither tag nor trunks, which OVS treats as a
/// trunk of every VLAN on the bridge, so an "untagged" guest could talk on every tenant's VLAN.
/// </summary>
public static class NetworkXml
{
    /// <summary>The default portgroup, for interfaces the request gave no VLAN.</summary>
    public const string NoVlan = "no-vlan";

    /// <summary>Linux interface names (and so OVS bridge names) are at most 15 bytes.</summary>
    private const int MaxBridgeNameLength = 15;

    /// <summary>
    /// A new network (libvirt picks its UUID) whose <c>no-vlan</c> tags <paramref name="untaggedVlan"/>. To redefine an
    /// existing one, use the overload with its UUID.
    /// </summary>
    public static string Build(string name, string bridge, IEnumerable<int> vlans, int untaggedVlan) => BuildXml(name, bridge, vlans, untaggedVlan, uuid: null);

    /// <summary>
    /// The network with its UUID: what redefining an existing network takes, because libvirt refuses
    /// a definition of an existing name without its UUID (OperationFailed "already exists with uuid").
    /// </summary>
    public static string Build(string name, string bridge, IEnumerable<int> vlans, int untaggedVlan, Guid uuid) => BuildXml(name, bridge, vlans, untaggedVlan, uuid);

    private static string BuildXml(string name, string bridge, IEnumerable<int> vlans, int untaggedVlan, Guid? uuid)
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
            UntaggedPortgroup(untaggedVlan),
            vlans.Distinct().Select(Portgroup)).ToString();
    }

    /// <summary>The portgroup name for a VLAN: <c>vlan-100</c>, or <c>no-vlan</c> for none.</summary>
    public static string PortgroupName(int? vlan) => vlan is { } id ? $"vlan-{RequireVlan(id)}" : NoVlan;

    /// <summary>The portgroup <c>vlan-N</c> tagging VLAN <paramref name="vlan"/>.</summary>
    public static XElement Portgroup(int vlan) =>
        new("portgroup", new XAttribute("name", PortgroupName(vlan)), Tag(vlan));

    /// <summary>
    /// The default portgroup <c>no-vlan</c> (a network has only one default), tagging the host's native VLAN
    /// <paramref name="nativeVlan"/>, so libvirt makes an untagged interface's OVS port an access port on it.
    /// </summary>
    public static XElement UntaggedPortgroup(int nativeVlan) =>
        new("portgroup", new XAttribute("name", NoVlan), new XAttribute("default", "yes"), Tag(RequireVlan(nativeVlan)));

    /// <summary>What the <c>no-vlan</c> portgroup of the network XML is, measured against the host's native VLAN.</summary>
    public static UntaggedPortgroupState UntaggedState(string xml, int nativeVlan)
    {
        if (FindPortgroup(Parse(xml), NoVlan) is not { } portgroup) return UntaggedPortgroupState.Missing;
        var vlans = portgroup.Elements("vlan").ToList();
        if (vlans.Count == 0) return UntaggedPortgroupState.Untagged;
        var tags = vlans.Elements("tag").ToList();
        var plain = vlans.Count == 1 && vlans[0].Attribute("trunk") is null && tags.Count == 1 && tags[0].Attribute("nativeMode") is null;
        return plain && (string?)tags[0].Attribute("id") == nativeVlan.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ? UntaggedPortgroupState.Native
            : UntaggedPortgroupState.Other;
    }

    private static XElement Tag(int vlan) => new("vlan", new XElement("tag", new XAttribute("id", vlan)));

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
