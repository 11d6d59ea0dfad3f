namespace Provisioning.Contracts;

/// <summary>
/// The one place queue names are derived. A prefix (configuration <c>RabbitMq:QueuePrefix</c>)
/// lets several installations, or test runs, share one broker without colliding.
/// </summary>
public static class Queues
{
    /// <summary>The default prefix.</summary>
    public const string DefaultPrefix = "provisioning";

    /// <summary>The engine's queue: step results and progress from all agents.</summary>
    public static string Engine(string prefix) => $"{prefix}.engine";

    /// <summary>
    /// The engine's queue for agents' heartbeats, apart from the results: a heartbeat lives 3 intervals (its TTL), and
    /// behind a backlog of results it expired unread, so under load every host looked silent.
    /// </summary>
    public static string Heartbeats(string prefix) => $"{prefix}.engine.heartbeats";

    /// <summary>
    /// The engine's queue (and exchange) of commands the broker dead-lettered from a host's quorum queue after its
    /// delivery limit: each is recorded as its step's failure instead of being delivered forever.
    /// </summary>
    public static string DeadLetters(string prefix) => $"{prefix}.engine.dead-letters";

    /// <summary>One queue per host: the commands that host's agent must run.</summary>
    public static string Agent(string prefix, string host) => $"{prefix}.agent.{host.ToLowerInvariant()}";

    /// <summary>
    /// The exchange of a queue's name, which the queue's receive endpoint declares and binds: what the processes send to,
    /// so that only a queue's consumer declares it (with its type and arguments).
    /// </summary>
    public static Uri ExchangeOf(string queue) => new($"exchange:{queue}");

    /// <summary>
    /// Where MassTransit moves what <paramref name="queue"/>'s consumer faulted on for good (after its retries): nothing
    /// consumes it; <c>GET /api/error-queues</c> shows its depth and a re-drive sends it back.
    /// </summary>
    public static string ErrorOf(string queue) => $"{queue}_error";

    /// <summary>A queue address usable with <c>ISendEndpointProvider.GetSendEndpoint</c>.</summary>
    public static Uri Address(string queue) => new($"queue:{queue}");
}
