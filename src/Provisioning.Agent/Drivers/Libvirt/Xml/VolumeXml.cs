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
    /// A qcow2 overlay on a base image: reads fall through to the base, writes stay here, so a new VM's disk is
    /// instant and thin. Its capacity may exceed the base's (the guest grows its file system into it).
    /// </summary>
    public static string Overlay(string name, int capacityGiB, string basePath, string baseFormat)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(basePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseFormat);
        var volume = XElement.Parse(Qcow2(name, capacityGiB));
        volume.Add(new XElement("backingStore",
            new XElement("path", basePath),
            new XElement("format", new XAttribute("type", baseFormat))));
        return volume.ToString();
    }

    /// <summary>A raw volume of exactly <paramref name="bytes"/> bytes, fully allocated (a seed image is written whole).</summary>
    public static string Raw(string name, long bytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        return new XElement("volume",
            new XElement("name", name),
            new XElement("allocation", new XAttribute("unit", "bytes"), bytes),
            new XElement("capacity", new XAttribute("unit", "bytes"), bytes),
            new XElement("target", new XElement("format", new XAttribute("type", "raw")))).ToString();
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
