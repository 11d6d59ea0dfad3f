using System.Globalization;

namespace Provisioning.Benchmarks.Audit;

/// <summary>Command line of the audit benchmark.</summary>
public sealed record AuditBenchmarkOptions(long Events, int Iterations, bool Keep, string Schema, string Connection)
{
    public static AuditBenchmarkOptions? Parse(ReadOnlySpan<string> args)
    {
        long events = 1_000_000;
        var iterations = 200;
        var keep = false;
        var schema = "bench_audit_" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--events" when i + 1 < args.Length && long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out events) && events > 0:
                    i++;
                    break;
                case "--iterations" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) && iterations > 0:
                    i++;
                    break;
                case "--schema" when i + 1 < args.Length:
                    schema = args[++i];
                    break;
                case "--keep":
                    keep = true;
                    break;
                default:
                    Console.Error.WriteLine($"bad argument '{args[i]}'; usage: audit [--events N] [--iterations N] [--keep] [--schema NAME]");
                    return null;
            }
        }
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? "Host=localhost;Port=5432;Database=provisioning;Username=provisioning;Password=provisioning";
        return new AuditBenchmarkOptions(events, iterations, keep, schema, connection);
    }
}
