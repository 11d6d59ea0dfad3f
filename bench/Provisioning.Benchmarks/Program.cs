using Provisioning.Benchmarks.Audit;
using Provisioning.Benchmarks.Ceilings;

// Benchmarks, not tests: they print figures. See README, "Benchmarks".
//   dotnet run -c Release --project bench/Provisioning.Benchmarks -- audit --events 1000000 [--iterations 200] [--keep]
//   dotnet run -c Release --project bench/Provisioning.Benchmarks -- ceilings [--seconds 15] [--concurrency 16] [--chains 64]
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: Provisioning.Benchmarks audit [--events N] [--iterations N] [--keep] [--schema NAME]");
    Console.WriteLine($"       Provisioning.Benchmarks {CeilingsOptions.Usage}");
    return 0;
}
if (args[0] == "ceilings") return await CeilingsCommand.RunAsync(args[1..]);
if (args[0] != "audit")
{
    Console.Error.WriteLine($"unknown benchmark '{args[0]}'; known: audit");
    return 2;
}
var options = AuditBenchmarkOptions.Parse(args.AsSpan(1));
if (options is null) return 2;
await new AuditBenchmark(options).RunAsync();
return 0;
