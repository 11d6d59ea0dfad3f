namespace Provisioning.Engine.Timers;

/// <summary>
/// A stored deadline: a step's timeout or a retry's backoff. Saved and deleted in the same transaction
/// as the events that create and settle it, polled by <see cref="DeadlinePoller"/>.
/// </summary>
public sealed class StepDeadline
{
    /// <summary>The <see cref="Kind"/> of a command's timeout: one per command outstanding on its host.</summary>
    public const string Timeout = "timeout";

    /// <summary>The <see cref="Kind"/> of a retry's backoff.</summary>
    public const string Retry = "retry";

    /// <summary>The command id (timeouts) or timer id (retries) the decider knows it by.</summary>
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public string Kind { get; set; } = "";

    /// <summary>
    /// The host a timeout's command went to, so the poller can ask whether its agent still answers (a backlog earns
    /// the schedule-to-start timeout, a silent host does not), lower case; admission counts a host's outstanding commands
    /// by it. Empty for retries and for deadlines stored before it existed.
    /// </summary>
    public string Host { get; set; } = "";
}
