using Provisioning.Benchmarks.Ceilings;
using Provisioning.Benchmarks.Kvm;
using Provisioning.Benchmarks.Stack;
using Provisioning.Benchmarks.Throughput;

namespace Provisioning.Benchmarks.Report;

/// <summary>
/// <c>all [--quick] [--no-kvm]</c>: the ceilings, the engine runs, recovery and real KVM in one run, one after another
/// on the same machine, then the report in <c>bench/results/</c>. <c>--quick</c> shrinks every size for a smoke run.
/// </summary>
public static class AllCommand
{
    public const string Usage = "all [--quick] [--no-kvm]";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var quick = args.Contains("--quick");
        var kvm = !args.Contains("--no-kvm");
        if (args.Except(["--quick", "--no-kvm"]).FirstOrDefault() is { } bad)
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

        var ceilings = await CeilingsBenchmark.RunAsync(ceilingsOptions, ct);
        var (runs, recovery) = await EngineCommand.RunAsync(env, engineOptions, ct);
        var kvmResult = kvm ? await KvmBenchmark.RunAsync(kvmOptions, ct) : null;

        var report = new BenchReport(started, MachineFacts.Read(), ceilings, runs, recovery, kvmResult);
        var path = ReportFiles.Write(report, env.RepositoryRoot);
        Console.WriteLine();
        foreach (var t in report.Targets) Console.WriteLine($"{(t.Met ? "met   " : "MISSED")} {t.Target}: {t.Measured}");
        Console.WriteLine($"report: {path}");
        return 0;
    }
}
