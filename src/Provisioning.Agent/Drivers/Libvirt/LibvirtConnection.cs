using System.Runtime.InteropServices;
using Provisioning.Agent.Drivers.Libvirt.Native;

namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>
/// A read-write connection to one libvirt driver (<c>qemu:///system</c>, <c>test:///default</c>, ...)
/// through libvirt's C API. Domains, networks and storage live in the other parts of this class.
/// </summary>
/// <remarks>
/// libvirt connections are thread-safe, and so is this wrapper: it holds no state but the
/// connection itself and looks objects up afresh on every call (no cached handles that could
/// outlive the object they point to). Failures surface as <see cref="LibvirtException"/>;
/// "not found" is <c>null</c> from the Find methods.
/// </remarks>
public sealed partial class LibvirtConnection : IDisposable
{
    private readonly ConnectHandle handle;

    private LibvirtConnection(ConnectHandle handle, string uri)
    {
        this.handle = handle;
        Uri = uri;
        HypervisorType = NativeString.Peek(LibvirtNative.virConnectGetType(handle)) ?? throw LibvirtException.FromLastError("virConnectGetType");
        LibVersion = LibvirtNative.virConnectGetLibVersion(handle, out var lib) < 0
            ? throw LibvirtException.FromLastError("virConnectGetLibVersion")
            : FormatVersion(lib.Value);
        // Drivers without a hypervisor version report an error here: that is "unknown", not a failure.
        if (LibvirtNative.virConnectGetVersion(handle, out var hv) < 0)
        {
            LibvirtNative.virResetLastError();
            HypervisorVersion = "";
        }
        else
        {
            HypervisorVersion = FormatVersion(hv.Value);
        }
    }

    /// <summary>Opens a read-write connection; throws <see cref="LibvirtException"/> when libvirt refuses.</summary>
    /// <summary>Keepalives that may go unanswered before libvirt closes the connection.</summary>
    public const uint KeepAliveCount = 3;

    /// <param name="keepAliveSeconds">
    /// With a daemon (<c>qemu:///system</c>): a keepalive every this many seconds, and the connection closed after three
    /// unanswered, so a call stuck on a dead or hung daemon fails instead of waiting for ever. 0: none.
    /// </param>
    public static LibvirtConnection Open(string uri, int keepAliveSeconds = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        LibvirtNative.EnsureInitialized();
        var handle = LibvirtNative.virConnectOpen(uri);
        if (handle.IsInvalid)
        {
            var error = LibvirtException.FromLastError("virConnectOpen");
            handle.Dispose();
            throw error;
        }
        // Not every driver speaks keepalive (the in-process test driver has no daemon to lose): that is no error.
        if (keepAliveSeconds > 0 && LibvirtNative.virConnectSetKeepAlive(handle, keepAliveSeconds, KeepAliveCount) < 0) LibvirtNative.virResetLastError();
        try
        {
            return new LibvirtConnection(handle, uri);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The URI this connection was opened with.</summary>
    public string Uri { get; }

    /// <summary>The driver's name as libvirt reports it: <c>QEMU</c>, <c>TEST</c>.</summary>
    public string HypervisorType { get; }

    /// <summary>The in-process test driver, whose behaviour differs from the real one (see ENVIRONMENT.md).</summary>
    public bool IsTestDriver => Uri.StartsWith("test:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The libvirt library version, e.g. <c>9.0.0</c>.</summary>
    public string LibVersion { get; }

    /// <summary>The hypervisor's version, e.g. <c>7.2.0</c> for QEMU; empty when the driver has none.</summary>
    public string HypervisorVersion { get; }

    /// <summary>
    /// False once libvirt has seen the connection's socket close (libvirtd restarted or gone);
    /// a dead connection never recovers: open a new one. Local drivers are always alive.
    /// </summary>
    /// <remarks>
    /// Without a registered event loop libvirt notices a closed socket only when a call fails,
    /// so ask this after a <see cref="LibvirtException"/>, not instead of making calls.
    /// A disposed connection is not alive.
    /// </remarks>
    public bool IsAlive
    {
        get
        {
            if (handle.IsClosed) return false;
            try
            {
                var alive = LibvirtNative.virConnectIsAlive(handle);
                if (alive < 0) LibvirtNative.virResetLastError();
                return alive == 1;
            }
            catch (ObjectDisposedException)
            {
                return false; // disposed by another thread since the check above
            }
        }
    }

    /// <summary>The host's CPUs, memory and CPU model.</summary>
    public NodeInfo GetNodeInfo()
    {
        Check(LibvirtNative.virNodeGetInfo(Handle, out var info), "virNodeGetInfo");
        unsafe
        {
            var model = Marshal.PtrToStringUTF8((nint)info.Model) ?? "";
            return new NodeInfo((int)info.Cpus, (long)info.Memory.Value, model);
        }
    }

    /// <summary>Free host memory in bytes; 0 where the driver cannot tell.</summary>
    public long GetFreeMemoryBytes()
    {
        var free = LibvirtNative.virNodeGetFreeMemory(Handle);
        // 0 is both "none free" and "error": clear the error so it does not linger on this thread.
        if (free == 0) LibvirtNative.virResetLastError();
        return (long)free;
    }

    public void Dispose() => handle.Dispose();

    private ConnectHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(handle.IsClosed, this);
            return handle;
        }
    }

    // libvirt encodes versions as major * 1,000,000 + minor * 1,000 + release.
    private static string FormatVersion(nuint version) =>
        $"{version / 1_000_000}.{version / 1_000 % 1_000}.{version % 1_000}";

    private static void Check(int result, string operation)
    {
        if (result < 0) throw LibvirtException.FromLastError(operation);
    }

    private static T Check<T>(T handle, string operation) where T : SafeHandle
    {
        if (!handle.IsInvalid) return handle;
        var error = LibvirtException.FromLastError(operation);
        handle.Dispose();
        throw error;
    }

    /// <summary>A lookup that returns null instead of throwing when libvirt says <paramref name="notFound"/>.</summary>
    private static T? OrNull<T>(T handle, string operation, LibvirtErrorCode notFound) where T : SafeHandle
    {
        if (!handle.IsInvalid) return handle;
        var error = LibvirtException.FromLastError(operation);
        handle.Dispose();
        return error.Code == notFound ? null : throw error;
    }

    /// <summary>virXxxIsActive-style calls return 1, 0, or -1 on error.</summary>
    private static bool Flag(int result, string operation) => result switch
    {
        1 => true,
        0 => false,
        _ => throw LibvirtException.FromLastError(operation),
    };

    private static string TakeXml(nint pointer, string operation) =>
        NativeString.Take(pointer) ?? throw LibvirtException.FromLastError(operation);

    /// <summary>A UUID from a <c>VIR_UUID_STRING_BUFLEN</c> buffer filled by virXxxGetUUIDString.</summary>
    private static unsafe Guid ParseUuid(byte* buffer) => Guid.Parse(Marshal.PtrToStringUTF8((nint)buffer) ?? "");

    private static void RequireName(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, parameter);
    }

    private static void RequireUuid(Guid uuid, string parameter)
    {
        if (uuid == Guid.Empty) throw new ArgumentException("The UUID must not be empty.", parameter);
    }
}
