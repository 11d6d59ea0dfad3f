using System.Xml.Linq;

namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>Builds and reads libvirt storage pool XML.</summary>
public static class PoolXml
{
    /// <summary>A directory pool: volumes are files under <paramref name="path"/>.</summary>
    public static string Dir(string name, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new XElement("pool", new XAttribute("type", "dir"),
            new XElement("name", name),
            new XElement("target", new XElement("path", path))).ToString();
    }

    /// <summary>The pool's target path, or null when it has none.</summary>
    public static string? PathOf(string xml) => (string?)Parse(xml).Element("target")?.Element("path");

    /// <summary>The pool type: <c>dir</c>, <c>logical</c>, ...</summary>
    public static string? TypeOf(string xml) => (string?)Parse(xml).Attribute("type");

    private static XElement Parse(string xml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(xml);
        var root = XElement.Parse(xml);
        return root.Name == "pool" ? root : throw new ArgumentException("Not a libvirt storage pool XML.", nameof(xml));
    }
}
