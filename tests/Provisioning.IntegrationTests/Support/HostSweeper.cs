namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// The safety net after a run: removes any domain, network, bridge or pool whose name carries the run
/// prefix. Tests assert cleanliness themselves; this only keeps a failed test from leaving debris.
/// </summary>
public static class HostSweeper
{
    public static async Task SweepAsync(string prefix, string pool, string poolPath)
    {
        foreach (var domain in Lines((await Cli.Virsh("list", "--all", "--name")).Stdout).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            await Cli.Virsh("destroy", domain);
            await Cli.Virsh("undefine", domain, "--nvram");
        }
        foreach (var network in Lines((await Cli.Virsh("net-list", "--all", "--name")).Stdout).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            await Cli.Virsh("net-destroy", network);
            await Cli.Virsh("net-undefine", network);
        }
        foreach (var bridge in Lines((await Cli.Ovs("list-br")).Stdout).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            await Cli.Ovs("--if-exists", "del-br", bridge);
        }
        if ((await Cli.Virsh("pool-info", pool)).ExitCode == 0)
        {
            foreach (var volume in Lines((await Cli.Virsh("vol-list", pool)).Stdout).Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]))
            {
                await Cli.Virsh("vol-delete", volume, "--pool", pool);
            }
            await Cli.Virsh("pool-destroy", pool);
            await Cli.Virsh("pool-delete", pool);
            await Cli.Virsh("pool-undefine", pool);
        }
        if (Directory.Exists(poolPath)) Directory.Delete(poolPath, recursive: true);
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
