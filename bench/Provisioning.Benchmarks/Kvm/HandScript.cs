using System.Diagnostics;
using System.Globalization;
using Provisioning.Benchmarks.Stack;

namespace Provisioning.Benchmarks.Kvm;

/// <summary>
/// A hand script of bench/scripts (one VM per run: <c>SCRIPT up ARGS... NAME [MORE]</c>), run the ways an operator would
/// run it for many: a loop, and <c>printf '%s\n' items | xargs -P N -n K SCRIPT up ARGS...</c>, each item being the
/// VM's name and what else is its own (its address). Every program is started with an argument list, never through a
/// shell string.
/// </summary>
/// <param name="upArguments">What comes after the script's name for every VM (<c>up BRIDGE ...</c>).</param>
public sealed class HandScript(string scriptPath, string bridge, IReadOnlyList<string> upArguments, string directory)
{
    /// <summary>hand-provision-vm.sh: a VM without an OS on <paramref name="bridge"/>'s VLAN portgroup.</summary>
    public static HandScript Blank(string scriptPath, string bridge, int vlan, int memoryMiB, string directory) =>
        new(scriptPath, bridge, ["up", bridge, vlan.ToString(CultureInfo.InvariantCulture), memoryMiB.ToString(CultureInfo.InvariantCulture), directory], directory);

    public string Bridge => bridge;

    private string Script => Path.GetFileName(scriptPath);

    /// <summary>One script run per VM, one after another; the seconds each took. Items are the VMs' own arguments.</summary>
    public async Task<IReadOnlyList<double>> SequentialAsync(IReadOnlyList<IReadOnlyList<string>> items, CancellationToken ct)
    {
        var seconds = new List<double>();
        foreach (var item in items)
        {
            var clock = Stopwatch.StartNew();
            var run = await RunAsync(scriptPath, [.. upArguments, .. item], stdin: null, ct);
            Require(run, $"{Script} up {string.Join(' ', item)}");
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return seconds;
    }

    /// <summary>All VMs through <c>xargs -P <paramref name="parallel"/> -n K</c>, one item per line on its standard input.</summary>
    public async Task ParallelAsync(IReadOnlyList<IReadOnlyList<string>> items, int parallel, CancellationToken ct)
    {
        var stdin = string.Concat(items.Select(i => string.Join(' ', i) + "\n"));
        var perItem = items[0].Count.ToString(CultureInfo.InvariantCulture);
        var run = await RunAsync("xargs", ["-P", parallel.ToString(CultureInfo.InvariantCulture), "-n", perItem, scriptPath, .. upArguments], stdin, ct);
        Require(run, $"xargs -P {parallel} {Script} up");
    }

    /// <summary>Removes the VMs (4 at a time: it is not timed), then the network and the bridge.</summary>
    public async Task TeardownAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var stdin = string.Concat(names.Select(n => n + "\n"));
        Require(await RunAsync("xargs", ["-P", "4", "-n", "1", scriptPath, "down", directory], stdin, ct), $"{Script} down");
        Require(await RunAsync(scriptPath, ["remove-network", bridge], stdin: null, ct), $"{Script} remove-network");
    }

    private static void Require(CliResult run, string what)
    {
        if (run.ExitCode != 0) throw new InvalidOperationException($"{what} failed ({run.ExitCode}): {run.Stderr.Trim()}");
    }

    /// <summary>Runs without a time limit (a phase takes as long as it takes); Ctrl-C kills the scripts too, so the sweep does not race them.</summary>
    private static Task<CliResult> RunAsync(string file, string[] args, string? stdin, CancellationToken ct) =>
        Cli.RunAsync(file, args, Timeout.InfiniteTimeSpan, stdin: stdin, ct: ct);
}
