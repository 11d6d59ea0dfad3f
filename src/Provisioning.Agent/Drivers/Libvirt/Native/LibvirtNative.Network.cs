using System.Runtime.InteropServices;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

internal static unsafe partial class LibvirtNative
{
    internal const uint VIR_NETWORK_XML_INACTIVE = 1 << 0;
    internal const uint VIR_NETWORK_UPDATE_COMMAND_MODIFY = 1;
    internal const uint VIR_NETWORK_UPDATE_COMMAND_DELETE = 2;
    internal const uint VIR_NETWORK_UPDATE_COMMAND_ADD_LAST = 3;
    internal const uint VIR_NETWORK_SECTION_PORTGROUP = 9;
    internal const uint VIR_NETWORK_UPDATE_AFFECT_LIVE = 1 << 0;
    internal const uint VIR_NETWORK_UPDATE_AFFECT_CONFIG = 1 << 1;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial NetworkHandle virNetworkLookupByName(ConnectHandle conn, string name);

    [LibraryImport(Library)]
    internal static partial int virConnectListAllNetworks(ConnectHandle conn, out nint networks, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial NetworkHandle virNetworkDefineXML(ConnectHandle conn, string xml);

    [LibraryImport(Library)]
    internal static partial int virNetworkCreate(NetworkHandle network);

    [LibraryImport(Library)]
    internal static partial int virNetworkDestroy(NetworkHandle network);

    [LibraryImport(Library)]
    internal static partial int virNetworkUndefine(NetworkHandle network);

    [LibraryImport(Library)]
    internal static partial int virNetworkSetAutostart(NetworkHandle network, int autostart);

    [LibraryImport(Library)]
    internal static partial int virNetworkGetAutostart(NetworkHandle network, out int autostart);

    [LibraryImport(Library)]
    internal static partial nint virNetworkGetXMLDesc(NetworkHandle network, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virNetworkUpdate(NetworkHandle network, uint command, uint section, int parentIndex, string xml, uint flags);

    [LibraryImport(Library)]
    internal static partial nint virNetworkGetName(NetworkHandle network);

    [LibraryImport(Library)]
    internal static partial int virNetworkGetUUIDString(NetworkHandle network, byte* buffer);

    [LibraryImport(Library)]
    internal static partial int virNetworkIsActive(NetworkHandle network);

    [LibraryImport(Library)]
    internal static partial int virNetworkIsPersistent(NetworkHandle network);

    [LibraryImport(Library)]
    internal static partial int virNetworkFree(nint network);
}
