using System.Collections.Immutable;

namespace Provisioning.Domain.Requests;

public sealed partial record RequestState
{
    /// <summary>For a child request: the parent that started it (one host's part of a request over several hosts).</summary>
    public Guid? ParentId { get; init; }

    /// <summary>For a parent request: its children, one per host, in the order they were asked for.</summary>
    public ImmutableList<ChildState> Children { get; init; } = [];

    /// <summary>A request over several hosts: it runs no step itself, its children do.</summary>
    public bool IsParent => !Children.IsEmpty;

    /// <summary>The child of that id, or null.</summary>
    public ChildState? ChildOf(Guid childId) => Children.Find(c => c.Id == childId);

    /// <summary>The events of requests over several hosts; anything else changes nothing.</summary>
    private RequestState EvolveFanOut(object @event) => @event switch
    {
        ChildRequested e => this with
        {
            Children = Children.Add(new ChildState(e.ChildId, e.Host, RequestStatus.Running, null, [], 0)),
            Status = RequestStatus.Running,
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
        _ => this,
    };
}
