using System.Globalization;
using System.Xml.Linq;
using Provisioning.Domain.Vm;

namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>Domain snapshot XML (<c>&lt;domainsnapshot&gt;</c>), built and read with LINQ to XML.</summary>
public static class SnapshotXml
{
    /// <summary>
    /// A snapshot of the domain as it is, named <paramref name="name"/> (held to the VM-name rule, so it
    /// is safe in libvirt's files and commands) with a one-line <paramref name="description"/>.
    /// </summary>
    public static string Build(string name, string description)
    {
        if (!VmParameterRules.NamePattern().IsMatch(name) || name.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid snapshot name", nameof(name));
        }
        ArgumentNullException.ThrowIfNull(description);
        return new XElement("domainsnapshot",
            new XElement("name", name),
            new XElement("description", description)).ToString();
    }

    /// <summary>What a snapshot's XML says about it.</summary>
    public static SnapshotInfo Describe(string name, string xml)
    {
        var root = XElement.Parse(xml);
        DateTimeOffset? created = long.TryParse((string?)root.Element("creationTime"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        return new SnapshotInfo(name, (string?)root.Element("description"), (string?)root.Element("state"), created);
    }
}
