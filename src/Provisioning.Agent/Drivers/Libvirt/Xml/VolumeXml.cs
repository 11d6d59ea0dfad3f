using System.Xml.Linq;

namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>Builds libvirt storage volume XML.</summary>
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
}
