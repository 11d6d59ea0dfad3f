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
}
