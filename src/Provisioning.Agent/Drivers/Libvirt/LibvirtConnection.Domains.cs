using System.Xml.Linq;
using Provisioning.Agent.Drivers.Libvirt.Native;
using static Provisioning.Agent.Drivers.Libvirt.Native.LibvirtNative;

namespace Provisioning.Agent.Drivers.Libvirt;

public sealed partial class LibvirtConnection
{
    // Undefine everything libvirt keeps beside the definition, so nothing is left behind that
    // would make a later define of the same name inherit stale state.
    private const uint UndefineEverything = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA
        | VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA;

    /// <summary>The domain with this UUID, or null when there is none.</summary>
    public DomainInfo? FindDomain(Guid uuid)
    {
        RequireUuid(uuid, nameof(uuid));
        using var domain = OrNull(virDomainLookupByUUIDString(Handle, uuid.ToString("D")), "virDomainLookupByUUIDString", LibvirtErrorCode.NoDomain);
        return domain is null ? null : Describe(domain);
    }

    /// <summary>The domain with this name, or null when there is none.</summary>
    public DomainInfo? FindDomain(string name)
    {
        RequireName(name, nameof(name));
        using var domain = OrNull(virDomainLookupByName(Handle, name), "virDomainLookupByName", LibvirtErrorCode.NoDomain);
        return domain is null ? null : Describe(domain);
    }

    /// <summary>All domains, running or not.</summary>
    public IReadOnlyList<DomainInfo> ListDomains()
    {
        var count = virConnectListAllDomains(Handle, out var array, VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE);
        Check(count, "virConnectListAllDomains");
        var handles = NativeString.TakeArray(array, count, p => new DomainHandle(p));
        try
        {
            // A domain undefined between listing and describing is simply no longer there.
            return handles.Select(Describe).OfType<DomainInfo>().ToList();
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }
    }

    /// <summary>
    /// Defines (or, for the same name and UUID, silently redefines) a persistent domain.
    /// The same name with another UUID fails with <see cref="LibvirtErrorCode.OperationFailed"/>.
    /// </summary>
    public void DefineDomain(string xml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(xml);
        using var _ = Check(virDomainDefineXML(Handle, xml), "virDomainDefineXML");
    }

    /// <summary>The domain's XML: the persistent definition when <paramref name="inactive"/>, else the live one.</summary>
    /// <param name="secure">
    /// Include secrets (e.g. a VNC password). Needed when the XML is edited and defined again: without it
    /// libvirt leaves them out, and the redefinition would silently drop them.
    /// </param>
    public string GetDomainXml(Guid uuid, bool inactive, bool secure = false)
    {
        using var domain = OpenDomain(uuid);
        var flags = (inactive ? VIR_DOMAIN_XML_INACTIVE : 0) | (secure ? VIR_DOMAIN_XML_SECURE : 0);
        return TakeXml(virDomainGetXMLDesc(domain, flags), "virDomainGetXMLDesc");
    }

    /// <summary>
    /// Replaces the domain's metadata element of <paramref name="ns"/> (written with <paramref name="prefix"/>)
    /// by <paramref name="element"/>, whose names libvirt puts into that namespace. Both the persistent
    /// definition and, while the domain runs, the live one are changed, so neither loses it later.
    /// </summary>
    public void SetDomainMetadata(Guid uuid, XNamespace ns, string prefix, XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var domain = OpenDomain(uuid);
        var flags = (Flag(virDomainIsPersistent(domain), "virDomainIsPersistent") ? VIR_DOMAIN_AFFECT_CONFIG : 0)
            | (Flag(virDomainIsActive(domain), "virDomainIsActive") ? VIR_DOMAIN_AFFECT_LIVE : 0);
        Check(virDomainSetMetadata(domain, VIR_DOMAIN_METADATA_ELEMENT, element.ToString(SaveOptions.DisableFormatting), prefix, ns.NamespaceName, flags),
            "virDomainSetMetadata");
    }

    /// <summary>Boots a defined domain; an already running one fails with OperationInvalid (QEMU).</summary>
    public void StartDomain(Guid uuid)
    {
        using var domain = OpenDomain(uuid);
        Check(virDomainCreate(domain), "virDomainCreate");
    }

    /// <summary>Pulls the plug; a stopped domain fails with OperationInvalid.</summary>
    public void DestroyDomain(Guid uuid)
    {
        using var domain = OpenDomain(uuid);
        Check(virDomainDestroy(domain), "virDomainDestroy");
    }

    /// <summary>Asks the guest to power off (ACPI). Returns at once; the guest may ignore it.</summary>
    public void ShutdownDomain(Guid uuid)
    {
        using var domain = OpenDomain(uuid);
        Check(virDomainShutdown(domain), "virDomainShutdown");
    }

    /// <summary>
    /// Removes the definition with its managed save, snapshot/checkpoint metadata and NVRAM.
    /// Disks are kept. A running domain keeps running, as a transient one: destroy it first.
    /// </summary>
    public void UndefineDomain(Guid uuid)
    {
        using var domain = OpenDomain(uuid);
        if (virDomainUndefineFlags(domain, UndefineEverything) >= 0) return;
        var error = LibvirtException.FromLastError("virDomainUndefineFlags");
        // The test driver rejects the NVRAM and checkpoint flags ("unsupported flags"): without them,
        // still taking snapshot metadata along (a domain with snapshots is refused otherwise), then plain.
        if (!Unsupported(error)) throw error;
        if (virDomainUndefineFlags(domain, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA) >= 0) return;
        error = LibvirtException.FromLastError("virDomainUndefineFlags");
        if (!Unsupported(error)) throw error;
        Check(virDomainUndefine(domain), "virDomainUndefine");

        static bool Unsupported(LibvirtException e) =>
            e.Code is LibvirtErrorCode.InvalidArg or LibvirtErrorCode.NoSupport or LibvirtErrorCode.ArgumentUnsupported;
    }

    /// <summary>The domain's current state.</summary>
    public DomainState GetDomainState(Guid uuid)
    {
        using var domain = OpenDomain(uuid);
        Check(virDomainGetState(domain, out var state, out _, 0), "virDomainGetState");
        return (DomainState)state;
    }

    private DomainHandle OpenDomain(Guid uuid)
    {
        RequireUuid(uuid, nameof(uuid));
        return Check(virDomainLookupByUUIDString(Handle, uuid.ToString("D")), "virDomainLookupByUUIDString");
    }

    private static unsafe DomainInfo? Describe(DomainHandle domain)
    {
        try
        {
            var name = NativeString.Peek(virDomainGetName(domain)) ?? throw LibvirtException.FromLastError("virDomainGetName");
            var uuid = stackalloc byte[UuidStringBufferLength];
            Check(virDomainGetUUIDString(domain, uuid), "virDomainGetUUIDString");
            Check(virDomainGetInfo(domain, out var info), "virDomainGetInfo");
            return new DomainInfo(
                name,
                ParseUuid(uuid),
                (DomainState)info.State,
                Flag(virDomainIsActive(domain), "virDomainIsActive"),
                Flag(virDomainIsPersistent(domain), "virDomainIsPersistent"),
                (long)info.MaxMem.Value,
                info.NrVirtCpu);
        }
        catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoDomain)
        {
            return null;
        }
    }
}
