using System.Globalization;
using Provisioning.Benchmarks.Recovery;
using Provisioning.Benchmarks.Stack;

namespace Provisioning.Benchmarks.Throughput;

/// <summary>
/// <c>engine [--counts 1000,10000] [--agents 8] [--light 30] [--submitters 16] [--recovery 1000|0] [--into X.json]</c>: the
/// engine's runs, printed; with <c>--into</c>, its load runs also go into that report (replacing runs of the same size),
/// e.g. to add a long 10,000-request run to an <c>all</c> report without running everything again.
/// </summary>
public static class EngineCommand
{
    public const string Usage = "engine [--counts 1000,10000] [--agents 1-9] [--light N] [--submitters N] [--recovery N (0: skip)] [--into bench/results/<run>.json]";

    public static EngineBenchmarkOptions? Parse(ReadOnlySpan<string> args)
    {
        var o = EngineBenchmarkOptions.Default;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--counts" when value is not null && value.Split(',').All(c => Positive(c, out _)):
                    o = o with { Counts = [.. value.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))] };
                    break;
                case "--agents" when Positive(value, out var n) && n <= 9:
                    o = o with { Agents = n };
                    break;
                case "--light" when Positive(value, out var n):
                    o = o with { LightRequests = n };
                    break;
                case "--submitters" when Positive(value, out var n):
                    o = o with { Submitters = n };
                    break;
                case "--recovery" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                    o = o with { RecoveryInFlight = n };
                    break;
                case "--into" when value is not null && File.Exists(value):
                    o = o with { Into = value };
                    break;
                default:
                    Console.Error.WriteLine($"bad argument '{args[i]}'; usage: {Usage}");
                    return null;
            }
            i++;
        }
        return o;
    }

    /// <summary>The light-load run, each count on a fresh stack, then recovery.</summary>
    public static async Task<(IReadOnlyList<EngineRunFigures> Runs, RecoveryFigures? Recovery)> RunAsync(BenchEnvironment env, EngineBenchmarkOptions options, CancellationToken ct)
    {
        var runs = new List<EngineRunFigures> { await EngineThroughputBenchmark.RunLightAsync(env, options, ct) };
        for (var i = 0; i < options.Counts.Count; i++)
        {
            runs.Add(await EngineThroughputBenchmark.RunLoadAsync(env, options, options.Counts[i], (char)('a' + i), ct));
        }
        var recovery = options.RecoveryInFlight > 0 ? await RecoveryBenchmark.RunAsync(env, options, ct) : null;
        return (runs, recovery);
    }

    private static bool Positive(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
