using System.Collections.Immutable;

namespace Provisioning.Domain.Requests;

/// <summary>One child of a parent request, as the parent last heard of it.</summary>
/// <param name="Status">Running until the child's first notice, then the status the latest notice named.</param>
/// <param name="NoticeVersion">The version of that notice in the child's stream (0: none yet).</param>
public sealed record ChildState(Guid Id, string Host, RequestStatus Status, string? Reason, ImmutableList<string> Leftovers, long NoticeVersion)
{
    /// <summary>The child reported an end (it may still be asked to undo it).</summary>
    public bool HasEnded => RequestAggregate.IsEnd(Status);

    /// <summary>The child ended with nothing of it left to undo (or nothing more the parent can do: a failed rollback).</summary>
    public bool IsUndone => HasEnded && Status != RequestStatus.Succeeded;
}
