namespace Provisioning.Agent.Tests.CloudInit;

/// <summary>
/// A fact that loop-mounts an ISO 9660 image: skipped, with the reason, on a host whose kernel cannot (no loop devices,
/// or no iso9660 driver built in or as a module, as on this project's CI machines). Where it can, a failing mount fails.
/// </summary>
public sealed class KernelMountFactAttribute : FactAttribute
{
    public KernelMountFactAttribute()
    {
        if (!File.Exists("/dev/loop-control")) Skip = "this host has no loop devices (/dev/loop-control)";
        else if (!KernelReadsIso9660()) Skip = "this kernel has no iso9660 driver (not in /proc/filesystems, no isofs module)";
    }

    private static bool KernelReadsIso9660()
    {
        if (File.ReadAllLines("/proc/filesystems").Any(l => l.Split('\t').Last() == "iso9660")) return true;
        var release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        return Directory.Exists($"/lib/modules/{release}/kernel/fs/isofs");
    }
}
