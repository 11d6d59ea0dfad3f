using System.Xml.Linq;

namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>Reads and removes a domain definition's NICs with LINQ to XML (see <see cref="DomainXml"/> for building them).</summary>
public static class DomainDevices
{
    /// <summary>Every NIC of the definition, whatever its type.</summary>
    public static IReadOnlyList<NicInfo> Nics(string domainXml) =>
        Interfaces(Parse(domainXml))
            .Select(i => new NicInfo(
                ((string?)i.Element("mac")?.Attribute("address"))?.ToLowerInvariant(),
                (string?)i.Element("virtualport")?.Element("parameters")?.Attribute("interfaceid")))
            .ToList();

    /// <summary>The definition without any NIC.</summary>
    public static string WithoutNics(string domainXml)
    {
        var domain = Parse(domainXml);
        Interfaces(domain).Remove();
        return domain.ToString();
    }

    private static List<XElement> Interfaces(XElement domain) => domain.Elements("devices").Elements("interface").ToList();

    private static XElement Parse(string domainXml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domainXml);
        var root = XElement.Parse(domainXml);
        return root.Name == "domain" ? root : throw new ArgumentException("Not a libvirt domain XML.", nameof(domainXml));
    }
}
