using System.Collections.Immutable;

namespace Provisioning.Domain.Requests;

/// <summary>
/// A request over several hosts (a parent), rebuilt from its events. It runs no step itself: it asked for one child
/// request per host and follows them through what they report (<see cref="ChildFinished"/>). Decided by
/// <see cref="ParentDecider"/>.
/// </summary>
/// <param name="Children">Its children, one per host, in the order they were asked for.</param>
public sealed partial record ParentState(
    Guid Id,
    string Workflow,
    int WorkflowVersion,
    IReadOnlyDictionary<string, string> Parameters,
    string Host,
    string? Ticket,
    string Actor,
    string Source,
    DateTimeOffset SubmittedAt,
    RequestStatus Status,
    ImmutableList<ChildState> Children,
    string? CompensationReason,
    bool CancelRequested,
    ImmutableList<string> Leftovers,
    DateTimeOffset? FinishedAt,
    DateTimeOffset LastChangedAt) : RequestAggregate
{
    public override Guid Id { get; init; } = Id;

    /// <summary>The child of that id, or null.</summary>
    public ChildState? ChildOf(Guid childId) => Children.Find(c => c.Id == childId);

    /// <summary>A parent as submitted, before it asked for any child.</summary>
    public static ParentState Initial(RequestState submitted) => new(
        submitted.Id, submitted.Workflow, submitted.WorkflowVersion, submitted.Parameters, submitted.Host, submitted.Ticket,
        submitted.Actor, submitted.Source, submitted.SubmittedAt, RequestStatus.Accepted, [], null, false, [], null, submitted.LastChangedAt)
    {
        Project = submitted.Project, ParameterSet = submitted.ParameterSet,
    };
}
