namespace Provisioning.Benchmarks.Stack;

/// <summary>Removes every domain, network, pool (and its volumes) and OVS bridge whose name starts with a run's prefix.</summary>
public static class HostCleanup
{
    public static async Task SweepAsync(string prefix, string poolRoot)
    {
        foreach (var domain in Names((await Cli.Virsh("list", "--all", "--name")).Stdout, prefix))
        {
            await Cli.Virsh("destroy", domain);
            await Cli.Virsh("undefine", domain, "--nvram", "--remove-all-storage");
        }
        foreach (var network in Names((await Cli.Virsh("net-list", "--all", "--name")).Stdout, prefix))
        {
            await Cli.Virsh("net-destroy", network);
            await Cli.Virsh("net-undefine", network);
        }
        foreach (var pool in Names((await Cli.Virsh("pool-list", "--all", "--name")).Stdout, prefix))
        {
            var volumes = (await Cli.Virsh("vol-list", pool, "--name")).Stdout;
            foreach (var volume in Names(volumes, "")) await Cli.Virsh("vol-delete", volume, "--pool", pool);
            await Cli.Virsh("pool-destroy", pool);
            await Cli.Virsh("pool-undefine", pool);
        }
        foreach (var bridge in Names((await Cli.Ovs("list-br")).Stdout, prefix)) await Cli.Ovs("--if-exists", "del-br", bridge);
        if (Directory.Exists(poolRoot)) Directory.Delete(poolRoot, recursive: true);
    }

    private static IEnumerable<string> Names(string text, string prefix) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(n => n.StartsWith(prefix, StringComparison.Ordinal));
}
