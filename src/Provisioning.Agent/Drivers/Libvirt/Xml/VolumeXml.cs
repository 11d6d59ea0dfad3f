using System.Xml.Linq;

namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>Builds and reads libvirt storage volume XML.</summary>
public static class VolumeXml
{
    /// <summary>A thin-provisioned qcow2 volume: allocation 0, so it takes space only as the guest writes.</summary>
    public static string Qcow2(string name, int capacityGiB)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityGiB);
        return new XElement("volume",
            new XElement("name", name),
            new XElement("allocation", 0),
            new XElement("capacity", new XAttribute("unit", "GiB"), capacityGiB),
            new XElement("target", new XElement("format", new XAttribute("type", "qcow2")))).ToString();
    }

    /// <summary>
    /// A base image's volume on the test driver, which keeps volumes in memory: the format and size of the image,
    /// read-only, without content.
    /// </summary>
    public static string Image(string name, string format, long capacityBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        return new XElement("volume",
            new XElement("name", name),
            new XElement("allocation", 0),
            new XElement("capacity", new XAttribute("unit", "bytes"), capacityBytes),
            new XElement("target",
                new XElement("format", new XAttribute("type", format)),
                new XElement("permissions", new XElement("mode", "0444")))).ToString();
    }

    /// <summary>The volume's format as libvirt read it (<c>qcow2</c>, <c>raw</c>), or null.</summary>
    public static string? FormatOf(string xml) => (string?)Parse(xml).Element("target")?.Element("format")?.Attribute("type");

    /// <summary>The file mode of the volume's file as libvirt reports it (<c>0444</c>), or null.</summary>
    public static string? ModeOf(string xml) => (string?)Parse(xml).Element("target")?.Element("permissions")?.Element("mode");

    /// <summary>The path of the volume's backing file (a qcow2 overlay's base), or null for a volume without one.</summary>
    public static string? BackingPathOf(string xml) => (string?)Parse(xml).Element("backingStore")?.Element("path");

    private static XElement Parse(string xml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(xml);
        var root = XElement.Parse(xml);
        return root.Name == "volume" ? root : throw new ArgumentException("Not a libvirt storage volume XML.", nameof(xml));
    }
}
