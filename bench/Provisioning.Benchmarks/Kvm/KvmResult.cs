namespace Provisioning.Benchmarks.Kvm;

/// <summary>
/// Wall times of one real-KVM run: the same VMs provisioned by the hand script one after another, by the same
/// script under <c>xargs -P</c>, and by the engine with one agent of the same parallelism.
/// </summary>
/// <param name="SequentialPerVmSeconds">Each script run of the sequential phase.</param>
/// <param name="EnginePerVmSeconds">Each request's submit -> Succeeded, from its timeline.</param>
/// <param name="EngineSteps">Mean per step of the engine's requests: queueing on the agent, running, and the gap before it was dispatched.</param>
/// <param name="EngineRollbackSeconds">All requests rolled back through the API (untimed in the ratios), or null when skipped or failed.</param>
public sealed record KvmResult(
    int Vms,
    int MemoryMiB,
    int Parallelism,
    double SequentialSeconds,
    double ParallelSeconds,
    double EngineSeconds,
    IReadOnlyList<double> SequentialPerVmSeconds,
    IReadOnlyList<double> EnginePerVmSeconds,
    IReadOnlyList<StepTiming> EngineSteps,
    double? EngineRollbackSeconds)
{
    /// <summary>Engine wall time over the sequential script's: below 1 means the engine is faster.</summary>
    public double EngineOverSequential => EngineSeconds / SequentialSeconds;

    /// <summary>Engine wall time over the <c>xargs -P</c> script's (the target: at most 1.2).</summary>
    public double EngineOverParallel => EngineSeconds / ParallelSeconds;
}
