using Provisioning.Benchmarks.Measure;

namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// What the consume-append-send loop's consumers report to: engine consumes inside the measured window
/// (steps), step latencies (result consumed by the engine -> command consumed by the agent), and when
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

    /// <summary>The agent consumed, at <paramref name="agentReceivedAt"/>, the command of a result the engine consumed at <paramref name="engineReceivedAt"/>.</summary>
    public void StepDone(long engineReceivedAt, long agentReceivedAt)
    {
        if (Window.Contains(engineReceivedAt)) Samples.AddElapsed(engineReceivedAt, agentReceivedAt);
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
