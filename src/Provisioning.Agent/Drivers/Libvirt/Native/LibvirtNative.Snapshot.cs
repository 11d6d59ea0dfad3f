using System.Runtime.InteropServices;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

internal static partial class LibvirtNative
{
    /// <summary>All disks or none: no half-taken snapshot is left behind when one disk fails.</summary>
    internal const uint VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC = 1 << 7;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainSnapshotHandle virDomainSnapshotCreateXML(DomainHandle domain, string xml, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainSnapshotHandle virDomainSnapshotLookupByName(DomainHandle domain, string name, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainListAllSnapshots(DomainHandle domain, out nint snapshots, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainRevertToSnapshot(DomainSnapshotHandle snapshot, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainSnapshotDelete(DomainSnapshotHandle snapshot, uint flags);

    [LibraryImport(Library)]
    internal static partial nint virDomainSnapshotGetName(DomainSnapshotHandle snapshot);

    [LibraryImport(Library)]
    internal static partial nint virDomainSnapshotGetXMLDesc(DomainSnapshotHandle snapshot, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainSnapshotFree(nint snapshot);
}
