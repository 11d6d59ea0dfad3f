using System.Runtime.InteropServices;
using Provisioning.Benchmarks.Audit;
using Provisioning.Benchmarks.Ceilings;
using Provisioning.Benchmarks.Kvm;
using Provisioning.Benchmarks.Login;
using Provisioning.Benchmarks.Report;
using Provisioning.Benchmarks.Stack;
using Provisioning.Benchmarks.Throughput;

// Benchmarks, not tests: they print figures. See docs/performance.md.
//   dotnet run -c Release --project bench/Provisioning.Benchmarks -- all                 (everything, then bench/results/<date>.md/.json/.png)
//   dotnet run -c Release --project bench/Provisioning.Benchmarks -- audit --events 1000000 [--iterations 200] [--keep]
//   dotnet run -c Release --project bench/Provisioning.Benchmarks -- ceilings [--seconds 15] [--concurrency 16] [--chains 64]
//   dotnet run -c Release --project bench/Provisioning.Benchmarks -- engine [--counts 1000,10000] [--agents 8]
//   dotnet run -c Release --project bench/Provisioning.Benchmarks -- kvm [--vms 20] [--parallel 4] [--memory 64]   (root, real KVM + OVS)
//   dotnet run -c Release --project bench/Provisioning.Benchmarks -- login [--vms 10] [--parallel 4] [--memory 512] (root, Debian guests)
var usage = $"usage: Provisioning.Benchmarks {AllCommand.Usage}\n" +
            $"       Provisioning.Benchmarks report bench/results/<run>.json\n" +
            $"       Provisioning.Benchmarks audit [--events N] [--iterations N] [--keep] [--schema NAME]\n" +
            $"       Provisioning.Benchmarks {CeilingsOptions.Usage}\n" +
            $"       Provisioning.Benchmarks {EngineCommand.Usage}\n" +
            $"       Provisioning.Benchmarks {KvmOptions.Usage}\n" +
            $"       Provisioning.Benchmarks {LoginOptions.Usage}";
using var stop = new CancellationTokenSource();
// The first SIGINT/SIGTERM cancels, so that stacks are stopped and swept before the process ends.
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
try
{
    switch (args.FirstOrDefault())
    {
        case "all":
            return await AllCommand.RunAsync(args[1..], stop.Token);
        case "report" when args.Length == 2:
            // Renders bench/results/<stem>.md and .png again from <stem>.json (after a change to the report's layout).
            Console.WriteLine(ReportFiles.Rewrite(args[1]));
            return 0;
        case "ceilings":
            return await CeilingsCommand.RunAsync(args[1..], stop.Token);
        case "audit":
            var auditOptions = AuditBenchmarkOptions.Parse(args.AsSpan(1));
            if (auditOptions is null) return 2;
            await new AuditBenchmark(auditOptions).RunAsync();
            return 0;
        case "engine":
            var engineOptions = EngineCommand.Parse(args.AsSpan(1));
            if (engineOptions is null) return 2;
            var (runs, _) = await EngineCommand.RunAsync(BenchEnvironment.FromProcess(), engineOptions, stop.Token);
            if (engineOptions.Into is { } into) Console.WriteLine($"report: {ReportFiles.Merge(into, runs)}");
            return 0;
        case "kvm":
            if (KvmOptions.Parse(args.AsSpan(1)) is not { } kvm) return 2;
            await KvmBenchmark.RunAsync(kvm, stop.Token);
            return 0;
        case "login":
            if (LoginOptions.Parse(args.AsSpan(1)) is not { } login) return 2;
            await LoginBenchmark.RunAsync(login, stop.Token);
            return 0;
        case null or "-h" or "--help":
            Console.WriteLine(usage);
            return 0;
        default:
            Console.Error.WriteLine($"unknown benchmark '{args[0]}'\n{usage}");
            return 2;
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled; what the run made is removed");
    return 130;
}
