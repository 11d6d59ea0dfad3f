namespace Provisioning.Benchmarks.Throughput;

/// <summary>
/// One run of N provision-vm requests through the engine: throughput, the orchestration latency of a step
/// (from the agent sending a step's result to the agent receiving the next command), and memory.
/// </summary>
public sealed record EngineRunFigures(
    string Name,
    int Requests,
    int Agents,
    long Succeeded,
    long Steps,
    double SubmitSeconds,
    double DrainSeconds,
    double RequestsPerSecond,
    double StepsPerSecond,
    double OrchestrationP50Ms,
    double OrchestrationP95Ms,
    double OrchestrationP99Ms,
    long OrchestrationSamples,
    long PeakInFlight,
    double ControlPlanePeakRssMiB)
{
    /// <summary>The name of the light-load run.</summary>
    public const string LightName = "light load";
}
