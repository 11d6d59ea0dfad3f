namespace Provisioning.Benchmarks.Throughput;

/// <summary>
/// One run of N provision-vm requests through the engine: throughput, the orchestration latency of a step as the engine
/// measures it (result received -> next command sent, confirmed by the broker), the round trip as the agent sees it (step
/// n's result sent -> step n+1's command received, the span ceiling (c) measures), memory, and the CPU time the control
/// plane and the agents spent per step (0 in reports written before it was measured).
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
    double RoundTripP50Ms,
    double RoundTripP95Ms,
    double RoundTripP99Ms,
    long PeakInFlight,
    double ControlPlanePeakRssMiB,
    double ControlPlaneCpuMsPerStep = 0,
    double AgentsCpuMsPerStep = 0)
{
    /// <summary>The name of the light-load run.</summary>
    public const string LightName = "light load";
}
