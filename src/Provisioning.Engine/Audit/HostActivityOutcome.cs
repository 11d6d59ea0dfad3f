namespace Provisioning.Engine.Audit;

/// <summary>How one attempt on a host stands or ended.</summary>
public enum HostActivityOutcome
{
    /// <summary>Sent to the host's queue; no word yet.</summary>
    Dispatched,

    /// <summary>The agent said it began.</summary>
    Running,

    Succeeded,

    Failed,

    /// <summary>No answer before the deadline: it may or may not have happened.</summary>
    TimedOut,

    /// <summary>The agent refused it before running anything (expired, or its undo came first): nothing happened.</summary>
    NotRun,
}
