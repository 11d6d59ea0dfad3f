using System.Collections.Immutable;

namespace Provisioning.Domain.Requests;

public sealed partial record ParentState
{
    /// <summary>Applies one event. Unknown events change nothing, so old streams stay readable.</summary>
    public override ParentState Evolve(object @event) =>
        StatusAfter(@event) is { } status ? Apply(@event) with { Status = status } : Apply(@event);

    private ParentState Apply(object @event) => @event switch
    {
        ChildRequested e => this with
        {
            Children = Children.Add(new ChildState(e.ChildId, e.Host, RequestStatus.Running, null, [], 0)),
            LastChangedAt = e.At,
        },
        ChildFinished e => this with
        {
            Children = Children.Select(c => c.Id == e.ChildId
                ? c with { Status = e.Status, Reason = e.Reason, Leftovers = [.. e.Leftovers], NoticeVersion = e.NoticeVersion }
                : c).ToImmutableList(),
            LastChangedAt = e.At,
        },
        ChildActionRequested e => this with { LastChangedAt = e.At },
        ParentUndoStarted e => UndoStarted(e.Reason, e.Actor, e.At),
        // Parent streams written before parents had an undo event of their own started it with an empty step list.
        CompensationStarted e => UndoStarted(e.Reason, e.Actor, e.At),
        CancelRequested e => this with { CancelRequested = true, CancelActor = e.Actor, LastChangedAt = e.At },
        RollbackRequested e => this with { LastChangedAt = e.At },
        RollbackRetryRequested e => this with { LastChangedAt = e.At },
        RollbackFailed e => this with { Leftovers = [.. e.Leftovers], FinishedAt = e.At, LastChangedAt = e.At },
        IRequestEnded e => this with { FinishedAt = e.At, LastChangedAt = e.At },
        RequestArchived e => this with { Archived = true, LastChangedAt = e.At },
        _ => this,
    };

    private ParentState UndoStarted(string reason, string actor, DateTimeOffset at) => this with
    {
        CompensationReason = reason,
        CompensationActor = actor,
        Leftovers = [],
        FinishedAt = null,
        LastChangedAt = at,
    };
}
