using System.Xml.Linq;
using Provisioning.Agent.Drivers.Libvirt;

namespace Provisioning.Agent.Steps.Journal;

/// <summary>
/// Operations whose effect cannot be seen afterwards (a reboot; a snapshot that is reverted to or gone)
/// are recorded in the domain's own definition, as a metadata element of Provisioning's namespace,
/// so that a retry after a crash finds "already done by this request" on the host itself. The last
/// <see cref="Kept"/> entries are kept.
/// </summary>
public static class OperationJournal
{
    /// <summary>The metadata namespace of the journal, beside the provisioning element of <see cref="DomainXml"/>.</summary>
    public static readonly XNamespace Namespace = "https://provisioning.dev/xmlns/1/operations";

    /// <summary>The prefix libvirt writes the element with.</summary>
    public const string Prefix = "provisioning-operations";

    public const int Kept = 20;

    /// <summary>True when the definition records that <paramref name="requestId"/> did <paramref name="operation"/>.</summary>
    public static bool Done(string domainXml, Guid requestId, string operation) =>
        Entries(domainXml).Any(e => (string?)e.Attribute("request") == requestId.ToString("D") && (string?)e.Attribute("operation") == operation);

    /// <summary>The journal element with one more entry (names without namespace: libvirt puts them into <see cref="Namespace"/>).</summary>
    public static XElement With(string domainXml, Guid requestId, string operation, DateTimeOffset at)
    {
        var entries = Entries(domainXml)
            .Select(e => new XElement("done", e.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => new XAttribute(a.Name.LocalName, a.Value))))
            .Append(new XElement("done",
                new XAttribute("request", requestId.ToString("D")),
                new XAttribute("operation", operation),
                new XAttribute("at", at.UtcDateTime.ToString("O"))))
            .TakeLast(Kept);
        return new XElement("operations", entries);
    }

    /// <summary>Records the operation in the domain's definition (and live state while it runs).</summary>
    public static void Record(LibvirtConnection connection, Guid domainUuid, Guid requestId, string operation, DateTimeOffset at) =>
        connection.SetDomainMetadata(domainUuid, Namespace, Prefix, With(connection.GetDomainXml(domainUuid, inactive: true), requestId, operation, at));

    /// <summary>True when the domain's definition records the operation.</summary>
    public static bool Done(LibvirtConnection connection, Guid domainUuid, Guid requestId, string operation) =>
        Done(connection.GetDomainXml(domainUuid, inactive: true), requestId, operation);

    private static IEnumerable<XElement> Entries(string domainXml) =>
        XElement.Parse(domainXml).Elements("metadata").Elements(Namespace + "operations").Elements(Namespace + "done");
}
