using Provisioning.Benchmarks.Ceilings;
using Provisioning.Benchmarks.Kvm;
using Provisioning.Benchmarks.Recovery;
using Provisioning.Benchmarks.Stack;
using Provisioning.Benchmarks.Throughput;

namespace Provisioning.Benchmarks.Report;

/// <summary>
/// <c>all [--quick] [--no-kvm]</c>: the ceilings, the engine runs, recovery and real KVM in one run, one after another
/// on the same machine, then the report in <c>bench/results/</c>. <c>--quick</c> shrinks every size for a smoke run.
/// </summary>
public static class AllCommand
{
    public const string Usage = "all [--quick] [--no-kvm] [--counts 1000,10000]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var quick = args.Contains("--quick");
        var kvm = !args.Contains("--no-kvm");
        var at = args.ToList().IndexOf("--counts");
        int[]? counts = null;
        if (at >= 0 && (at + 1 >= args.Count || EngineCommand.Parse(["--counts", args[at + 1]]) is not { } parsed))
        {
            Console.Error.WriteLine($"--counts needs a list of positive numbers; usage: {Usage}");
            return 2;
        }
        else if (at >= 0)
        {
            counts = [.. EngineCommand.Parse(["--counts", args[at + 1]])!.Counts];
        }
        var known = new List<string> { "--quick", "--no-kvm", "--counts" };
        if (at >= 0) known.Add(args[at + 1]);
        if (args.Except(known).FirstOrDefault() is { } bad)
        {
            Console.Error.WriteLine($"bad argument '{bad}'; usage: {Usage}");
            return 2;
        }
        var env = BenchEnvironment.FromProcess();
        var started = DateTimeOffset.UtcNow;
        var ceilingsOptions = CeilingsOptions.FromEnvironment();
        var engineOptions = EngineBenchmarkOptions.Default;
        var kvmOptions = new KvmOptions();
        if (quick)
        {
            ceilingsOptions = ceilingsOptions with { Seconds = 4, WarmUpSeconds = 2 };
            engineOptions = engineOptions with { Counts = [200], LightRequests = 10, RecoveryInFlight = 200 };
            kvmOptions = kvmOptions with { Vms = 4 };
        }
        if (counts is not null) engineOptions = engineOptions with { Counts = counts };

        // A part that fails is reported as missing, and the others still run: one long run is expensive to repeat.
        var ceilings = await PartAsync("ceilings", () => CeilingsBenchmark.RunAsync(ceilingsOptions, ct), ct);
        var runs = new List<EngineRunFigures>();
        if (await PartAsync("engine, light load", () => EngineThroughputBenchmark.RunLightAsync(env, engineOptions, ct), ct) is { } light) runs.Add(light);
        for (var i = 0; i < engineOptions.Counts.Count; i++)
        {
            var count = engineOptions.Counts[i];
            var tag = (char)('a' + i);
            if (await PartAsync($"engine, {count} requests", () => EngineThroughputBenchmark.RunLoadAsync(env, engineOptions, count, tag, ct), ct) is { } run) runs.Add(run);
        }
        var recovery = await PartAsync("recovery", () => RecoveryBenchmark.RunAsync(env, engineOptions, ct), ct);
        var kvmResult = kvm ? await PartAsync("kvm", () => KvmBenchmark.RunAsync(kvmOptions, ct), ct) : null;

        var report = new BenchReport(started, MachineFacts.Read(), ceilings, runs, recovery, kvmResult);
        var path = ReportFiles.Write(report, env.RepositoryRoot);
        Console.WriteLine();
        foreach (var t in report.Targets) Console.WriteLine($"{(t.Met ? "met   " : "MISSED")} {t.Target}: {t.Measured}");
        Console.WriteLine($"report: {path}");
        return 0;
    }

    private static async Task<T?> PartAsync<T>(string name, Func<Task<T>> run, CancellationToken ct)
        where T : class
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Console.Error.WriteLine($"{name} failed and is left out of the report: {e}");
            return null;
        }
    }
}
