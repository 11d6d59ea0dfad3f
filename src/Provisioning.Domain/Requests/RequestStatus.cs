namespace Provisioning.Domain.Requests;

/// <summary>Where a request stands.</summary>
public enum RequestStatus
{
    Accepted,
    Running,
    Succeeded,
    RollingBack,
    RolledBack,
    RollbackFailed,
    Failed,
    Cancelled,
}

/// <summary>Where one step stands.</summary>
public enum StepStatus
{
    Pending,
    Dispatched,
    Running,
    RetryScheduled,
    Succeeded,
    Failed,
    TimedOut,
    Compensating,
    Compensated,
    CompensationFailed,

    /// <summary>Its command waits in the engine for a slot on its host (per-host admission).</summary>
    AwaitingSlot,

    /// <summary>Its only attempt was refused by the agent before it ran (expired or superseded): nothing to undo.</summary>
    NotRun,
}
