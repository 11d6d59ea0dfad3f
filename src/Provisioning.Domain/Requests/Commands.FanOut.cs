namespace Provisioning.Domain.Requests;

/// <summary>One host's part of a request that runs on several hosts: the child request's host and parameters.</summary>
public sealed record ChildPart(string Host, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// A child request reached an end (the relay's reading of its <see cref="ChildRequestFinished"/>, whose event
/// version is <paramref name="NoticeVersion"/>); decided on the parent.
/// </summary>
public sealed record RecordChildFinished(
    Guid ChildId, long NoticeVersion, RequestStatus Status, string? Reason, IReadOnlyList<string> Leftovers) : RequestCommand;
