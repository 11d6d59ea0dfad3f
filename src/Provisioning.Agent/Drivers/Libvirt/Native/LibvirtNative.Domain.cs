using System.Runtime.InteropServices;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

internal static unsafe partial class LibvirtNative
{
    internal const uint VIR_DOMAIN_XML_SECURE = 1 << 0;
    internal const uint VIR_DOMAIN_XML_INACTIVE = 1 << 1;
    internal const uint VIR_DOMAIN_AFFECT_LIVE = 1 << 0;
    internal const uint VIR_DOMAIN_AFFECT_CONFIG = 1 << 1;
    internal const int VIR_DOMAIN_METADATA_ELEMENT = 2;
    internal const uint VIR_CONNECT_LIST_DOMAINS_ACTIVE = 1 << 0;
    internal const uint VIR_CONNECT_LIST_DOMAINS_INACTIVE = 1 << 1;
    internal const uint VIR_DOMAIN_UNDEFINE_MANAGED_SAVE = 1 << 0;
    internal const uint VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA = 1 << 1;
    internal const uint VIR_DOMAIN_UNDEFINE_NVRAM = 1 << 2;
    internal const uint VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA = 1 << 4;

    /// <summary><c>VIR_UUID_STRING_BUFLEN</c>: 36 characters and the terminating NUL.</summary>
    internal const int UuidStringBufferLength = 37;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainHandle virDomainLookupByUUIDString(ConnectHandle conn, string uuid);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainHandle virDomainLookupByName(ConnectHandle conn, string name);

    [LibraryImport(Library)]
    internal static partial int virConnectListAllDomains(ConnectHandle conn, out nint domains, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainHandle virDomainDefineXML(ConnectHandle conn, string xml);

    [LibraryImport(Library)]
    internal static partial nint virDomainGetXMLDesc(DomainHandle domain, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainCreate(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainDestroy(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainShutdown(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainUndefine(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainUndefineFlags(DomainHandle domain, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainGetState(DomainHandle domain, out int state, out int reason, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainGetInfo(DomainHandle domain, out VirDomainInfo info);

    [LibraryImport(Library)]
    internal static partial nint virDomainGetName(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainGetUUIDString(DomainHandle domain, byte* buffer);

    [LibraryImport(Library)]
    internal static partial int virDomainIsActive(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainIsPersistent(DomainHandle domain);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainSetMetadata(DomainHandle domain, int type, string? metadata, string? key, string? uri, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainFree(nint domain);
}
