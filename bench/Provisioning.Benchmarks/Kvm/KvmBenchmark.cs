using System.Diagnostics;
using System.Globalization;
using Provisioning.Benchmarks.Stack;

namespace Provisioning.Benchmarks.Kvm;

/// <summary>
/// Issue 7, part 2: the same N VMs (no OS, 1 vCPU, a 1 GiB thin qcow2, NIC on an OVS bridge in VLAN 100) provisioned
/// on this machine's real KVM three times in one run: by the hand script in a loop, by the hand script under
/// <c>xargs -P</c>, and by the engine with one agent of the same concurrency. Each phase starts from a host without
/// the VMs, the bridge and the network, and counts only when every VM runs with its port tagged. Everything named
/// with the run prefix is removed at the end, also on failure or Ctrl-C.
/// </summary>
public static class KvmBenchmark
{
    public static async Task<KvmResult> RunAsync(KvmOptions options, CancellationToken ct)
    {
        var env = BenchEnvironment.FromProcess();
        var prefix = env.RunPrefix;
        var poolRoot = $"/var/lib/provisioning/bench-pools/{prefix}";
        var names = Enumerable.Range(1, options.Vms).Select(i => $"{prefix}-vm{i:00}").ToList();
        var script = Path.Combine(env.RepositoryRoot, "bench", "scripts", "hand-provision-vm.sh");
        // Bridge names: prefix (8) + one letter, within Linux's 15.
        var hand = HandScript.Blank(script, prefix + "h", options.Vlan, options.MemoryMiB, Path.Combine(poolRoot, "hand"));
        var items = names.Select(n => (IReadOnlyList<string>)[n]).ToList();
        var engineBridge = prefix + "e";
        Console.WriteLine($"kvm: {options.Vms} VMs of {options.MemoryMiB} MiB, parallelism {options.Parallel}, VLAN {options.Vlan}, run prefix {prefix}");

        try
        {
            await RequireCleanAsync(prefix);

            Console.WriteLine("  hand, sequential ...");
            var clock = Stopwatch.StartNew();
            var perVm = await hand.SequentialAsync(items, ct);
            var sequential = clock.Elapsed.TotalSeconds;
            await KvmHost.VerifyAsync(names, hand.Bridge, options.Vlan, "hand sequential");
            Console.WriteLine($"  hand, sequential:   {sequential,7:0.00} s  ({Stats(perVm)} per VM)");
            await hand.TeardownAsync(names, ct);
            await RequireCleanAsync(prefix);

            Console.WriteLine($"  hand, xargs -P {options.Parallel} ...");
            clock.Restart();
            await hand.ParallelAsync(items, options.Parallel, ct);
            var parallel = clock.Elapsed.TotalSeconds;
            await KvmHost.VerifyAsync(names, hand.Bridge, options.Vlan, $"hand xargs -P {options.Parallel}");
            Console.WriteLine($"  hand, xargs -P {options.Parallel}:  {parallel,7:0.00} s");
            await hand.TeardownAsync(names, ct);
            await RequireCleanAsync(prefix);

            Console.WriteLine($"  engine (1 agent, {options.Parallel} concurrent commands) ...");
            var engine = await new EnginePhase(env, options, engineBridge).RunAsync(names, ct);
            Console.WriteLine($"  engine:             {engine.Seconds,7:0.00} s  ({Stats(engine.PerVmSeconds)} per VM, submit -> Succeeded)");
            foreach (var s in engine.Steps)
            {
                Console.WriteLine($"    {s.Step,-14} gap {s.GapSeconds,6:0.000} s  queued {s.QueuedSeconds,6:0.000} s  run {s.RunSeconds,6:0.000} s (max {s.MaxRunSeconds:0.000})");
            }
            Console.WriteLine(engine.RollbackSeconds is { } r ? $"  engine rollback of all (untimed): {r:0.00} s" : "  engine rollback: swept instead");

            var result = new KvmResult(options.Vms, options.MemoryMiB, options.Parallel, sequential, parallel, engine.Seconds,
                perVm, engine.PerVmSeconds, engine.Steps, engine.RollbackSeconds);
            Console.WriteLine($"  engine / sequential = {result.EngineOverSequential:0.00}   engine / xargs -P {options.Parallel} = {result.EngineOverParallel:0.00} (target <= 1.2)");
            return result;
        }
        finally
        {
            // Domains first (they hold the bridge ports and disks), then networks, bridges, pools and the directory.
            await HostSweep.SweepAsync(prefix, [poolRoot], removeDomainStorage: true);
            if (await KvmHost.DomainsAsync(prefix) is { Count: > 0 } left) Console.Error.WriteLine($"  left behind: {string.Join(", ", left)}");
        }
    }

    /// <summary>Before each phase nothing of this run may exist: a leftover VM would make the next phase's time wrong.</summary>
    internal static async Task RequireCleanAsync(string prefix)
    {
        if (await KvmHost.DomainsAsync(prefix) is { Count: > 0 } left) throw new InvalidOperationException($"domains still defined before a phase: {string.Join(", ", left)}");
        var bridges = (await HostProbe.Bridges()).Where(b => b.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (bridges.Count > 0) throw new InvalidOperationException($"bridges still present before a phase: {string.Join(", ", bridges)}");
    }

    internal static string Stats(IReadOnlyList<double> seconds) => seconds.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture,
        $"min {seconds.Min():0.00} / mean {seconds.Average():0.00} / max {seconds.Max():0.00} s");
}
