namespace Provisioning.Benchmarks.Ceilings;

/// <summary>Names of the ceiling loops, as they appear in <see cref="Measure.LoopFigures.Name"/>.</summary>
public static class LoopNames
{
    /// <summary>(a) FetchForWriting + append one event + SaveChanges, in a loop per worker.</summary>
    public const string MartenAppend = "marten-append";

    /// <summary>(b) send to a durable queue, its consumer sends a reply to a second one, whose consumer completes the caller.</summary>
    public const string MassTransitRoundTrip = "masstransit-roundtrip";

    /// <summary>(c) engine-shaped: consume a result, append to the request's stream, send the next command.</summary>
    public const string ConsumeAppendSend = "consume-append-send";
}
