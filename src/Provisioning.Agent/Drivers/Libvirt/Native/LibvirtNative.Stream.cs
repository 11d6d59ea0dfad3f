using System.Runtime.InteropServices;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

/// <summary>Streams, and moving a storage volume's bytes through them (upload, download).</summary>
internal static unsafe partial class LibvirtNative
{
    [LibraryImport(Library)]
    internal static partial StreamHandle virStreamNew(ConnectHandle conn, uint flags);

    /// <summary>Bytes sent (possibly fewer than asked), or -1; a blocking stream never returns -2.</summary>
    [LibraryImport(Library)]
    internal static partial int virStreamSend(StreamHandle stream, byte* data, nuint nbytes);

    /// <summary>Bytes received, 0 at the end, or -1.</summary>
    [LibraryImport(Library)]
    internal static partial int virStreamRecv(StreamHandle stream, byte* data, nuint nbytes);

    [LibraryImport(Library)]
    internal static partial int virStreamFinish(StreamHandle stream);

    [LibraryImport(Library)]
    internal static partial int virStreamAbort(StreamHandle stream);

    [LibraryImport(Library)]
    internal static partial int virStreamFree(nint stream);

    [LibraryImport(Library)]
    internal static partial int virStorageVolUpload(StorageVolHandle volume, StreamHandle stream, ulong offset, ulong length, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStorageVolDownload(StorageVolHandle volume, StreamHandle stream, ulong offset, ulong length, uint flags);
}
