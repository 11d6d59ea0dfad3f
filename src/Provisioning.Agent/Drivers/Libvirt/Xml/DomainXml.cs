using System.Xml;
using System.Xml.Linq;

namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>
/// Builds and edits libvirt domain XML with LINQ to XML, so every value is escaped by the
/// serializer and no caller ever concatenates XML.
/// </summary>
public static class DomainXml
{
    /// <summary>The namespace of the provisioning element inside <c>&lt;metadata&gt;</c>.</summary>
    public static readonly XNamespace MetadataNamespace = "https://provisioning.dev/xmlns/1";

    /// <summary>The provisioning element inside <c>&lt;metadata&gt;</c>, whose attributes are <see cref="DomainSpec.Metadata"/>.</summary>
    public static readonly XName MetadataElement = MetadataNamespace + "request";

    private const string CustomCpuPrefix = "custom:";

    /// <summary>A persistent domain definition for <see cref="LibvirtConnection.DefineDomain"/>, without NICs.</summary>
    public static string Build(DomainSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.DiskPath);
        if (spec.Uuid == Guid.Empty) throw new ArgumentException("The domain needs a UUID.", nameof(spec));
        if (spec.MemoryMiB <= 0 || spec.Vcpus <= 0) throw new ArgumentException("Memory and vCPUs must be positive.", nameof(spec));
        if (spec.DomainType is not ("kvm" or "qemu" or "test")) throw new ArgumentException($"Unknown domain type '{spec.DomainType}'.", nameof(spec));
        // libvirt's schema allows a title of one line only.
        if (spec.Title is not null && spec.Title.AsSpan().ContainsAny('\r', '\n')) throw new ArgumentException("The title must be a single line.", nameof(spec));

        return new XElement("domain", new XAttribute("type", spec.DomainType),
            new XElement("name", spec.Name),
            new XElement("uuid", spec.Uuid.ToString("D")),
            spec.Title is null ? null : new XElement("title", spec.Title),
            spec.Metadata.Count == 0 ? null : new XElement("metadata", ProvisioningElement(spec.Metadata)),
            new XElement("memory", new XAttribute("unit", "MiB"), spec.MemoryMiB),
            new XElement("vcpu", spec.Vcpus),
            Os(spec.DomainType),
            new XElement("features", new XElement("acpi"), new XElement("apic")),
            Cpu(spec.CpuMode),
            new XElement("clock", new XAttribute("offset", "utc")),
            new XElement("on_poweroff", "destroy"),
            new XElement("on_reboot", "restart"),
            new XElement("on_crash", "destroy"),
            new XElement("devices",
                new XElement("disk", new XAttribute("type", "file"), new XAttribute("device", "disk"),
                    new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", "qcow2")),
                    new XElement("source", new XAttribute("file", spec.DiskPath)),
                    new XElement("target", new XAttribute("dev", "vda"), new XAttribute("bus", "virtio"))),
                spec.SeedPath is null ? null : SeedDisk(spec.SeedPath),
                spec.GuestAgent ? GuestAgentChannel() : null,
                spec.GuestAgent ? Rng() : null,
                new XElement("serial", new XAttribute("type", "pty"),
                    spec.SerialLogPath is null ? null
                        : new XElement("log", new XAttribute("file", spec.SerialLogPath), new XAttribute("append", "off"))),
                new XElement("console", new XAttribute("type", "pty"), new XElement("target", new XAttribute("type", "serial"))),
                new XElement("memballoon", new XAttribute("model", "virtio")))).ToString();
    }

    /// <summary>The name of the guest agent's virtio-serial port, as qemu-guest-agent in the guest looks for it.</summary>
    public const string GuestAgentPort = "org.qemu.guest_agent.0";

    private static XElement SeedDisk(string path) =>
        new("disk", new XAttribute("type", "file"), new XAttribute("device", "disk"),
            new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", "raw")),
            new XElement("source", new XAttribute("file", path)),
            new XElement("target", new XAttribute("dev", "vdb"), new XAttribute("bus", "virtio")),
            new XElement("readonly"));

    // No source path: libvirt makes the socket under its own state directory.
    private static XElement GuestAgentChannel() =>
        new("channel", new XAttribute("type", "unix"),
            new XElement("target", new XAttribute("type", "virtio"), new XAttribute("name", GuestAgentPort)));

    private static XElement Rng() =>
        new("rng", new XAttribute("model", "virtio"), new XElement("backend", new XAttribute("model", "random"), "/dev/urandom"));

    /// <summary>A NIC on an Open vSwitch-backed libvirt network, in the given portgroup (VLAN).</summary>
    /// <param name="interfaceId">The OVS <c>iface-id</c> libvirt puts into the port's external_ids.</param>
    /// <param name="checksumOffload">
    /// False on the userspace (netdev) OVS datapath: there a guest's offloaded TCP checksums reach the host wrong
    /// (ARP and SYNs pass, every SYN-ACK is dropped as corrupt, SSH times out), so the NIC computes them itself.
    /// Kernel-datapath hosts keep offload.
    /// </param>
    public static XElement InterfaceElement(string network, string portgroup, string mac, string interfaceId, bool checksumOffload = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(portgroup);
        ArgumentException.ThrowIfNullOrWhiteSpace(mac);
        ArgumentException.ThrowIfNullOrWhiteSpace(interfaceId);
        return new XElement("interface", new XAttribute("type", "network"),
            new XElement("mac", new XAttribute("address", mac)),
            new XElement("source", new XAttribute("network", network), new XAttribute("portgroup", portgroup)),
            new XElement("virtualport", new XAttribute("type", "openvswitch"),
                new XElement("parameters", new XAttribute("interfaceid", interfaceId))),
            new XElement("model", new XAttribute("type", "virtio")),
            checksumOffload ? null : NoOffload());
    }

    private static XElement NoOffload()
    {
        XAttribute[] off() => [new("csum", "off"), new("tso4", "off"), new("tso6", "off")];
        // No backend name: libvirt takes vhost-net where /dev/vhost-net exists and QEMU's own otherwise (asking for
        // vhost where it is missing fails the domain's start).
        return new XElement("driver", new XElement("host", off()), new XElement("guest", off()));
    }

    /// <summary>
    /// The domain XML with <paramref name="iface"/> among its devices. An interface with the same MAC
    /// is replaced, never duplicated: libvirt itself happily keeps two NICs with one MAC.
    /// </summary>
    public static string WithInterface(string domainXml, XElement iface)
    {
        ArgumentNullException.ThrowIfNull(iface);
        var mac = (string?)iface.Element("mac")?.Attribute("address") ?? throw new ArgumentException("The interface has no MAC address.", nameof(iface));
        var domain = Parse(domainXml);
        var devices = domain.Element("devices") ?? AddDevices(domain);
        Interfaces(domain, mac).Remove();
        devices.Add(new XElement(iface));
        return domain.ToString();
    }

    /// <summary>The domain XML without the interface(s) of this MAC.</summary>
    public static string WithoutInterface(string domainXml, string mac)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mac);
        var domain = Parse(domainXml);
        Interfaces(domain, mac).Remove();
        return domain.ToString();
    }

    public static bool HasInterface(string domainXml, string mac)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mac);
        return Interfaces(Parse(domainXml), mac).Any();
    }

    /// <summary>The network and portgroup of the NIC with this MAC, or null when the domain has none.</summary>
    public static (string Network, string? Portgroup)? InterfaceOf(string domainXml, string mac)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mac);
        var source = Interfaces(Parse(domainXml), mac).FirstOrDefault()?.Element("source");
        var network = (string?)source?.Attribute("network");
        return network is null ? null : (network, (string?)source!.Attribute("portgroup"));
    }

    /// <summary>The host paths (files or block devices) of the domain's disks; CD-ROMs are not disks.</summary>
    public static IReadOnlyList<string> DiskPaths(string domainXml) =>
        Parse(domainXml).Elements("devices").Elements("disk")
            .Where(d => (string?)d.Attribute("device") is null or "disk")
            .Select(d => (string?)d.Element("source")?.Attribute("file") ?? (string?)d.Element("source")?.Attribute("dev"))
            .OfType<string>()
            .ToList();

    /// <summary>The provisioning metadata attributes of the domain, or an empty dictionary.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(string domainXml) =>
        Parse(domainXml).Elements("metadata").Elements(MetadataElement).FirstOrDefault()?
            .Attributes().Where(a => !a.IsNamespaceDeclaration).ToDictionary(a => a.Name.LocalName, a => a.Value)
        ?? new Dictionary<string, string>();

    private static XElement ProvisioningElement(IReadOnlyDictionary<string, string> entries)
    {
        var element = new XElement(MetadataElement, new XAttribute(XNamespace.Xmlns + "provisioning", MetadataNamespace.NamespaceName));
        foreach (var (key, value) in entries)
        {
            // Keys become attribute names: reject what cannot be one instead of emitting broken XML.
            element.Add(new XAttribute(XmlConvert.VerifyNCName(key), value));
        }
        return element;
    }

    private static XElement Os(string domainType) => domainType == "test"
        // The test driver only knows i686 and no machine types: keep its os minimal.
        ? new XElement("os", new XElement("type", "hvm"), new XElement("boot", new XAttribute("dev", "hd")))
        : new XElement("os",
            new XElement("type", new XAttribute("arch", "x86_64"), new XAttribute("machine", "pc"), "hvm"),
            new XElement("boot", new XAttribute("dev", "hd")),
            // There is no graphics device: let SeaBIOS write to the serial port too, so the serial
            // log shows the firmware's view of a boot (e.g. "No bootable device"), not nothing.
            new XElement("bios", new XAttribute("useserial", "yes")));

    private static XElement Cpu(string cpuMode) => cpuMode switch
    {
        "host-passthrough" or "host-model" => new XElement("cpu", new XAttribute("mode", cpuMode)),
        _ when cpuMode.StartsWith(CustomCpuPrefix, StringComparison.Ordinal) && cpuMode.Length > CustomCpuPrefix.Length =>
            // check='none': libvirt's default check refuses a named model when the host lacks any of its
            // features (qemu64 lists svm, absent on Intel and on AMD hosts without nested virt); QEMU
            // itself starts the guest without those features, which is what a baseline model is for.
            new XElement("cpu", new XAttribute("mode", "custom"), new XAttribute("match", "exact"), new XAttribute("check", "none"),
                new XElement("model", new XAttribute("fallback", "allow"), cpuMode[CustomCpuPrefix.Length..])),
        _ => throw new ArgumentException($"Unknown CPU mode '{cpuMode}': use host-passthrough, host-model or custom:MODEL.", nameof(cpuMode)),
    };

    private static IEnumerable<XElement> Interfaces(XElement domain, string mac) =>
        domain.Elements("devices").Elements("interface")
            .Where(i => string.Equals((string?)i.Element("mac")?.Attribute("address"), mac, StringComparison.OrdinalIgnoreCase))
            .ToList();

    private static XElement AddDevices(XElement domain)
    {
        var devices = new XElement("devices");
        domain.Add(devices);
        return devices;
    }

    private static XElement Parse(string domainXml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domainXml);
        var root = XElement.Parse(domainXml);
        return root.Name == "domain" ? root : throw new ArgumentException("Not a libvirt domain XML.", nameof(domainXml));
    }
}
