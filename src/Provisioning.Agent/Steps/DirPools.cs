using Provisioning.Agent.Drivers.Libvirt;

namespace Provisioning.Agent.Steps;

/// <summary>The agent's directory pools (its VMs' disks and seeds, its base images), made on first use.</summary>
public static class DirPools
{
    /// <summary>
    /// Makes sure the pool exists and runs, under a per-pool lock (two first requests on a fresh host must not both
    /// decide "no pool yet, define it"). Null when it does; why not otherwise (a pool of that name at another path:
    /// permanent, an operator must look).
    /// </summary>
    public static async Task<string?> EnsureAsync(KeyedLock locks, LibvirtConnection connection, string pool, string path, CancellationToken ct)
    {
        using var held = await locks.AcquireAsync("pool:" + pool, ct);
        try
        {
            connection.EnsureDirPool(pool, path);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }
}
