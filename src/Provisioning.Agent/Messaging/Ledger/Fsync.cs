using System.Runtime.InteropServices;

namespace Provisioning.Agent.Messaging.Ledger;

/// <summary>fsync(2) of a directory, which .NET does not offer: it makes a rename in it survive a crash.</summary>
internal static partial class Fsync
{
    // O_RDONLY | O_CLOEXEC, the same on x86-64 and arm64 (O_DIRECTORY is not: on arm64 its bit is O_DIRECT). A directory
    // opens read-only without O_DIRECTORY; O_CLOEXEC keeps the descriptor from the virsh and ovs-vsctl the agent starts.
    private const int ReadOnlyCloseOnExec = 0x80000;

    /// <summary>Flushes <paramref name="path"/>'s entries to the disk; false when the system refused (the caller goes on).</summary>
    public static bool TryDirectory(string path)
    {
        var fd = Open(path, ReadOnlyCloseOnExec);
        if (fd < 0) return false;
        try
        {
            return FsyncFd(fd) == 0;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int FsyncFd(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
