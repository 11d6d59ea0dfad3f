namespace Provisioning.Benchmarks.Throughput;

/// <summary>
/// The engine benchmark's shape: request counts (each on a fresh stack), agents on libvirt's test driver, how many
/// requests the light-load run sends one after another, and how many submitters post at once.
/// </summary>
/// <param name="Into">A report's <c>.json</c> whose load runs of the same sizes this run's replace (then rendered again).</param>
public sealed record EngineBenchmarkOptions(IReadOnlyList<int> Counts, int Agents, int LightRequests, int Submitters, int RecoveryInFlight, string? Into = null)
{
    public static EngineBenchmarkOptions Default { get; } = new([1_000, 10_000], 8, 100, 16, 1_000);
}
