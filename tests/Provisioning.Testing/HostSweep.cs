namespace Provisioning.Testing;

/// <summary>
/// The safety net after a run: removes every domain, network, pool (with its volumes) and OVS bridge whose name starts
/// with a prefix, and the folders given. Tests assert cleanliness themselves (<see cref="HostProbe.Leftovers"/>); this
/// only keeps a failed one from leaving debris. Every part tolerates absence.
/// </summary>
public static class HostSweep
{
    /// <summary>Domains first (they hold the bridge ports and disks), then networks, pools, bridges and the folders.</summary>
    /// <param name="removeDomainStorage">Also delete each domain's disks where they are not in a pool (the bench's hand script makes such).</param>
    public static async Task SweepAsync(string prefix, IEnumerable<string> folders, bool removeDomainStorage = false)
    {
        foreach (var domain in Named(await HostProbe.DomainNames(), prefix))
        {
            await HostProbe.Virsh("destroy", domain);
            await HostProbe.Virsh(removeDomainStorage ? ["undefine", domain, "--nvram", "--remove-all-storage"] : ["undefine", domain, "--nvram"]);
        }
        foreach (var network in Named(await HostProbe.NetworkNames(), prefix))
        {
            await HostProbe.Virsh("net-destroy", network);
            await HostProbe.Virsh("net-undefine", network);
        }
        foreach (var pool in Named(await HostProbe.PoolNames(), prefix))
        {
            foreach (var volume in await HostProbe.VolumeNames(pool)) await HostProbe.Virsh("vol-delete", volume, "--pool", pool);
            await HostProbe.Virsh("pool-destroy", pool);
            await HostProbe.Virsh("pool-delete", pool);
            await HostProbe.Virsh("pool-undefine", pool);
        }
        foreach (var bridge in Named(await HostProbe.Bridges(), prefix)) await HostProbe.Ovs("--if-exists", "del-br", bridge);
        foreach (var folder in folders.Where(Directory.Exists)) Directory.Delete(folder, recursive: true);
    }

    private static IEnumerable<string> Named(IEnumerable<string> names, string prefix) => names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
}
