using Provisioning.Benchmarks.Audit;
using Provisioning.Benchmarks.Kvm;

// Benchmarks, not tests: they print figures. See README, "Benchmarks".
//   dotnet run -c Release --project bench/Provisioning.Benchmarks -- audit --events 1000000 [--iterations 200] [--keep]
//   dotnet run -c Release --project bench/Provisioning.Benchmarks -- kvm [--vms 20] [--parallel 4] [--memory 64]   (root, real KVM + OVS)
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: Provisioning.Benchmarks audit [--events N] [--iterations N] [--keep] [--schema NAME]");
    Console.WriteLine("       Provisioning.Benchmarks " + KvmOptions.Usage);
    return 0;
}
if (args[0] == "kvm")
{
    if (KvmOptions.Parse(args.AsSpan(1)) is not { } kvm) return 2;
    using var cancel = new CancellationTokenSource();
    // Ctrl-C or SIGTERM cancels the run; the benchmark's finally then removes what it made.
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
    using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
    try
    {
        await KvmBenchmark.RunAsync(kvm, cancel.Token);
        return 0;
    }
    catch (OperationCanceledException) when (cancel.IsCancellationRequested)
    {
        Console.Error.WriteLine("kvm: cancelled; what the run made has been removed");
        return 130;
    }
}
if (args[0] != "audit")
{
    Console.Error.WriteLine($"unknown benchmark '{args[0]}'; known: audit, kvm");
    return 2;
}
var options = AuditBenchmarkOptions.Parse(args.AsSpan(1));
if (options is null) return 2;
await new AuditBenchmark(options).RunAsync();
return 0;
