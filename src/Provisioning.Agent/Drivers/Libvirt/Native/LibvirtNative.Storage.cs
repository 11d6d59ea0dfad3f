using System.Runtime.InteropServices;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

internal static partial class LibvirtNative
{
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StoragePoolHandle virStoragePoolLookupByName(ConnectHandle conn, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StoragePoolHandle virStoragePoolDefineXML(ConnectHandle conn, string xml, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolBuild(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolCreate(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolSetAutostart(StoragePoolHandle pool, int autostart);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolIsActive(StoragePoolHandle pool);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolGetInfo(StoragePoolHandle pool, out VirStoragePoolInfo info);

    [LibraryImport(Library)]
    internal static partial nint virStoragePoolGetXMLDesc(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolRefresh(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolDestroy(StoragePoolHandle pool);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolDelete(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolUndefine(StoragePoolHandle pool);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolListAllVolumes(StoragePoolHandle pool, out nint volumes, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolFree(nint pool);

    [LibraryImport(Library)]
    internal static partial nint virStoragePoolGetName(StoragePoolHandle pool);

    [LibraryImport(Library)]
    internal static partial StoragePoolHandle virStoragePoolLookupByVolume(StorageVolHandle volume);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StorageVolHandle virStorageVolLookupByPath(ConnectHandle conn, string path);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StorageVolHandle virStorageVolLookupByName(StoragePoolHandle pool, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StorageVolHandle virStorageVolCreateXML(StoragePoolHandle pool, string xml, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StorageVolHandle virStorageVolCreateXMLFrom(StoragePoolHandle pool, string xml, StorageVolHandle clone, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStorageVolDelete(StorageVolHandle volume, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStorageVolResize(StorageVolHandle volume, ulong capacity, uint flags);

    [LibraryImport(Library)]
    internal static partial nint virStorageVolGetName(StorageVolHandle volume);

    [LibraryImport(Library)]
    internal static partial nint virStorageVolGetPath(StorageVolHandle volume);

    [LibraryImport(Library)]
    internal static partial int virStorageVolGetInfo(StorageVolHandle volume, out VirStorageVolInfo info);

    [LibraryImport(Library)]
    internal static partial nint virStorageVolGetXMLDesc(StorageVolHandle volume, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStorageVolFree(nint volume);
}
