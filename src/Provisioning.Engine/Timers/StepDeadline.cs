namespace Provisioning.Engine.Timers;

/// <summary>
/// A stored deadline: a step's timeout or a retry's backoff. Saved and deleted in the same transaction
/// as the events that create and settle it, polled by <see cref="DeadlinePoller"/>.
/// </summary>
public sealed class StepDeadline
{
    /// <summary>The command id (timeouts) or timer id (retries) the decider knows it by.</summary>
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public string Kind { get; set; } = "";
}
