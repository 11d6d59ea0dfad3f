using System.Diagnostics;
using System.Globalization;
using Provisioning.Benchmarks.Stack;

namespace Provisioning.Benchmarks.Kvm;

/// <summary>
/// bench/scripts/hand-provision-vm.sh, the operator's procedure for one VM, run the ways an operator would run it for
/// many: a loop, and <c>printf '%s\n' names | xargs -P N -n 1 hand-provision-vm.sh up ...</c>. Every program is
/// started with an argument list, never through a shell string.
/// </summary>
public sealed class HandScript(string scriptPath, string bridge, int vlan, int memoryMiB, string directory)
{
    public string Bridge => bridge;

    /// <summary>One script run per VM, one after another; the seconds each took.</summary>
    public async Task<IReadOnlyList<double>> SequentialAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var seconds = new List<double>();
        foreach (var name in names)
        {
            var clock = Stopwatch.StartNew();
            var run = await RunAsync(scriptPath, [.. UpArguments(), name], stdin: null, ct);
            Require(run, $"hand-provision-vm.sh up {name}");
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return seconds;
    }

    /// <summary>All VMs through <c>xargs -P <paramref name="parallel"/> -n 1</c>, the names on its standard input.</summary>
    public async Task ParallelAsync(IReadOnlyList<string> names, int parallel, CancellationToken ct)
    {
        var stdin = string.Concat(names.Select(n => n + "\n"));
        var run = await RunAsync("xargs", ["-P", parallel.ToString(CultureInfo.InvariantCulture), "-n", "1", scriptPath, .. UpArguments()], stdin, ct);
        Require(run, $"xargs -P {parallel} hand-provision-vm.sh up");
    }

    /// <summary>Removes the VMs (4 at a time: it is not timed), then the network and the bridge.</summary>
    public async Task TeardownAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var stdin = string.Concat(names.Select(n => n + "\n"));
        Require(await RunAsync("xargs", ["-P", "4", "-n", "1", scriptPath, "down", directory], stdin, ct), "hand-provision-vm.sh down");
        Require(await RunAsync(scriptPath, ["remove-network", bridge], stdin: null, ct), "hand-provision-vm.sh remove-network");
    }

    private string[] UpArguments() => ["up", bridge, vlan.ToString(CultureInfo.InvariantCulture), memoryMiB.ToString(CultureInfo.InvariantCulture), directory];

    private static void Require(CliResult run, string what)
    {
        if (run.ExitCode != 0) throw new InvalidOperationException($"{what} failed ({run.ExitCode}): {run.Stderr.Trim()}");
    }

    /// <summary>Runs without a time limit (a phase takes as long as it takes); Ctrl-C kills the scripts too, so the sweep does not race them.</summary>
    private static Task<CliResult> RunAsync(string file, string[] args, string? stdin, CancellationToken ct) =>
        Cli.RunAsync(file, args, Timeout.InfiniteTimeSpan, stdin: stdin, ct: ct);
}
