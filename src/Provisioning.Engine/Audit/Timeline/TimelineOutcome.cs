namespace Provisioning.Engine.Audit.Timeline;

/// <summary>How an attempt, or a step as a whole, stands or ended.</summary>
public enum TimelineOutcome
{
    /// <summary>Sent to the host; no word yet.</summary>
    Dispatched,

    /// <summary>The agent said it began.</summary>
    Running,

    /// <summary>The last attempt failed and another is scheduled.</summary>
    RetryScheduled,

    Succeeded,

    Failed,

    /// <summary>No answer before the deadline.</summary>
    TimedOut,

    /// <summary>An undo that failed for good: what it should have removed is left on the host.</summary>
    GaveUp,

    /// <summary>The agent refused it before running anything (expired, or its undo came first).</summary>
    NotRun,
}
