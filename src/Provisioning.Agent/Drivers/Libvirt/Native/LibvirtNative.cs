using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Provisioning.Agent.Drivers.Libvirt.Native;

/// <summary>
/// Source-generated bindings to libvirt's C API: connection, host and error functions.
/// Domain, network and storage functions live in the other parts of this class.
/// </summary>
/// <remarks>
/// Strings go in as UTF-8. Strings that come back are declared as <c>nint</c> because
/// ownership differs per function: <c>char*</c> results are ours to <c>free</c>
/// (<see cref="NativeString.Take"/>), <c>const char*</c> results belong to libvirt
/// (<see cref="NativeString.Peek"/>).
/// </remarks>
internal static unsafe partial class LibvirtNative
{
    internal const string Library = "libvirt.so.0";

    [LibraryImport(Library)]
    internal static partial int virInitialize();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ConnectHandle virConnectOpen(string name);

    [LibraryImport(Library)]
    internal static partial int virConnectClose(nint conn);

    [LibraryImport(Library)]
    internal static partial nint virConnectGetType(ConnectHandle conn);

    [LibraryImport(Library)]
    internal static partial int virConnectIsAlive(ConnectHandle conn);

    [LibraryImport(Library)]
    internal static partial int virConnectSetKeepAlive(ConnectHandle conn, int interval, uint count);

    [LibraryImport(Library)]
    internal static partial int virEventRegisterDefaultImpl();

    [LibraryImport(Library)]
    internal static partial int virEventRunDefaultImpl();

    [LibraryImport(Library)]
    internal static partial int virConnectGetLibVersion(ConnectHandle conn, out CULong libVer);

    [LibraryImport(Library)]
    internal static partial int virConnectGetVersion(ConnectHandle conn, out CULong hvVer);

    [LibraryImport(Library)]
    internal static partial int virNodeGetInfo(ConnectHandle conn, out VirNodeInfo info);

    [LibraryImport(Library)]
    internal static partial ulong virNodeGetFreeMemory(ConnectHandle conn);

    [LibraryImport(Library)]
    internal static partial VirError* virGetLastError();

    [LibraryImport(Library)]
    internal static partial void virResetLastError();

    [LibraryImport(Library)]
    internal static partial void virSetErrorFunc(nint userData, delegate* unmanaged[Cdecl]<nint, VirError*, void> handler);

    /// <summary>libc's allocator, which libvirt uses for the strings and arrays it hands over.</summary>
    [LibraryImport("libc.so.6")]
    internal static partial void free(nint pointer);

    private static int initialized;

    /// <summary>
    /// Once per process: initialise libvirt for multithreaded use and replace its default
    /// error handler, which prints every error to stderr (including the "not found" errors
    /// we expect and turn into <c>null</c>). Errors still reach us through virGetLastError.
    /// </summary>
    internal static void EnsureInitialized()
    {
        if (Interlocked.Exchange(ref initialized, 1) == 1) return;
        if (virInitialize() < 0) throw LibvirtException.FromLastError("virInitialize");
        virSetErrorFunc(0, &IgnoreError);
        StartEventLoop();
    }

    /// <summary>
    /// libvirt's default event loop, on a thread of its own, registered before any connection opens: without one a
    /// client sends no keepalives and notices a dead daemon only when a call fails, however long that call waits.
    /// </summary>
    private static void StartEventLoop()
    {
        if (virEventRegisterDefaultImpl() < 0)
        {
            virResetLastError();
            return;
        }
        var loop = new Thread(() =>
        {
            while (true)
            {
                if (virEventRunDefaultImpl() < 0)
                {
                    virResetLastError();
                    Thread.Sleep(100);
                }
            }
        })
        { IsBackground = true, Name = "libvirt events" };
        loop.Start();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void IgnoreError(nint userData, VirError* error)
    {
        // Deliberately empty: see EnsureInitialized.
    }
}
