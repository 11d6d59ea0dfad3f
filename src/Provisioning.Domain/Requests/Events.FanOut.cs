using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Requests;

// The events of a request that runs on several hosts (a parent) and of its per-host child requests.
// The engine's child relay turns ChildRequested and ChildActionRequested into commands on the children,
// and a child's ChildRequestFinished into a RecordChildFinished on its parent: all durable, all idempotent.

/// <summary>A parent asked for its part on one host: a child request that runs <paramref name="Plan"/> there.</summary>
/// <param name="ChildId">Derived from the parent id and the host (<see cref="ChildIds"/>), so asking twice starts one child.</param>
/// <param name="ParameterSet">The parent's workflow's parameter set, which the child's parameters follow (null in older streams).</param>
public sealed record ChildRequested(
    Guid ChildId,
    string Host,
    string Workflow,
    int WorkflowVersion,
    IReadOnlyList<StepPlan> Plan,
    IReadOnlyDictionary<string, string> Parameters,
    string? Ticket,
    string Actor,
    string Source,
    string? Project,
    DateTimeOffset At,
    string? ParameterSet = null);

/// <summary>What a parent asks of one of its children.</summary>
public enum ChildAction
{
    /// <summary>Stop after the current step and undo (a child still running).</summary>
    Cancel,

    /// <summary>Undo (a child that succeeded).</summary>
    Rollback,

    /// <summary>Try the failed compensations again (a child whose rollback failed).</summary>
    RetryRollback,
}

/// <summary>A parent asked one of its children to cancel, roll back or retry its rollback.</summary>
public sealed record ChildActionRequested(Guid ChildId, string Host, ChildAction Action, string Actor, string? Reason, DateTimeOffset At);

/// <summary>
/// In a child's stream: the child reached an end (<paramref name="Status"/>), for its parent to hear.
/// A child may end more than once (succeeded, later rolled back).
/// </summary>
public sealed record ChildRequestFinished(
    Guid ParentId, Guid ChildId, string Host, RequestStatus Status, string? Reason, IReadOnlyList<string> Leftovers, DateTimeOffset At);

/// <summary>
/// In a parent's stream: it heard that a child reached <paramref name="Status"/>. <paramref name="NoticeVersion"/>
/// is the version of the child's notice event, so an older or repeated notice changes nothing.
/// </summary>
public sealed record ChildFinished(
    Guid ChildId, string Host, RequestStatus Status, string? Reason, IReadOnlyList<string> Leftovers, long NoticeVersion, DateTimeOffset At);

/// <summary>
/// A parent began undoing every host's part, for <paramref name="Reason"/>: it asks its running children to cancel and
/// those that succeeded to roll back (<see cref="ChildActionRequested"/>), and ends once each has ended undone.
/// </summary>
public sealed record ParentUndoStarted(string Reason, string Actor, DateTimeOffset At);
