namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// The aggregate that FetchForWriting builds live from a stream's events (like the engine's request
/// state, a live projection), so every fetch reads the whole stream.
/// </summary>
public sealed class BenchStream
{
    /// <summary>Events per stream before a loop starts a fresh one: about a provision-vm request's length.</summary>
    public const int Length = 16;

    /// <summary>The stream id.</summary>
    public Guid Id { get; set; }

    /// <summary>Events applied so far.</summary>
    public int Count { get; set; }

    /// <summary>Counts one event.</summary>
    public void Apply(BenchStepRecorded e) => Count = e.Seq + 1;
}
