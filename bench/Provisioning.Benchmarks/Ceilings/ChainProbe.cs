using Provisioning.Benchmarks.Measure;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// What the consume-append-send loop's consumers report to: engine consumes inside the measured window
/// (steps), step latencies (result sent by the agent -> next command consumed by the agent), and when
/// the chains have stopped.
/// </summary>
public sealed class ChainProbe(int chains)
{
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long steps;
    private int active = chains;
    private volatile bool stopping;

    /// <summary>The measured window.</summary>
    public MeasureWindow Window { get; } = new();

    /// <summary>Latency of each step whose result the engine consumed inside the window.</summary>
    public LatencySamples Samples { get; } = new();

    /// <summary>Engine consumes inside the window.</summary>
    public long Steps => Interlocked.Read(ref steps);

    /// <summary>Chains still going.</summary>
    public int Active => Volatile.Read(ref active);

    /// <summary>Completes when every chain has stopped.</summary>
    public Task Drained => drained.Task;

    /// <summary>The engine consumed a result at <paramref name="timestamp"/>.</summary>
    public void EngineConsumed(long timestamp)
    {
        if (Window.Contains(timestamp)) Interlocked.Increment(ref steps);
    }

    /// <summary>The agent consumed, at <paramref name="agentReceivedAt"/>, the command that answers a result it sent at <paramref name="agentSentAt"/>.</summary>
    public void StepDone(long agentSentAt, long agentReceivedAt)
    {
        if (Window.Contains(agentSentAt)) Samples.AddElapsed(agentSentAt, agentReceivedAt);
    }

    /// <summary>Asks the chains to stop at their next agent turn.</summary>
    public void Stop() => stopping = true;

    /// <summary>Whether a chain goes on; false ends it (and counts it as stopped).</summary>
    public bool Continue()
    {
        if (!stopping) return true;
        if (Interlocked.Decrement(ref active) == 0) drained.TrySetResult();
        return false;
    }
}
