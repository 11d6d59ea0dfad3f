namespace Provisioning.Benchmarks.Kvm;

/// <summary>
/// Where the engine's time per VM goes for one step, averaged over the requests: <paramref name="GapSeconds"/> from the
/// previous step's end (or the submission) to this step's dispatch (orchestration), <paramref name="QueuedSeconds"/>
/// from dispatch until the agent began (waiting for a free slot of its concurrency, plus transport),
/// <paramref name="RunSeconds"/> from begin to end on the agent.
/// </summary>
public sealed record StepTiming(string Step, double GapSeconds, double QueuedSeconds, double RunSeconds, double MaxRunSeconds);
