namespace Provisioning.Benchmarks.Ceilings;

/// <summary>Queue names of the ceiling loops (in the run's own vhost, so they need no run prefix).</summary>
public static class BenchQueues
{
    /// <summary>Round trip: the requests.</summary>
    public const string Ping = "bench.ping";

    /// <summary>Round trip: the replies.</summary>
    public const string Pong = "bench.pong";

    /// <summary>Consume-append-send: the "engine" (results in).</summary>
    public const string Engine = "bench.engine";

    /// <summary>Consume-append-send: the echo "agent" (commands in).</summary>
    public const string Agent = "bench.agent";
}
