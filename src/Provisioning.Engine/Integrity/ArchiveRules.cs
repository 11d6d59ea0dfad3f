using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Integrity;

/// <summary>Whether a request may be archived: only a finished one, once, and only by someone who may see it.</summary>
public static class ArchiveRules
{
    /// <summary>Decides an archive; <paramref name="now"/> is when it happens.</summary>
    public static ArchiveOutcome Decide(RequestAggregate? state, bool alreadyArchived, bool callerMaySee, string actor, DateTimeOffset now)
    {
        if (state is null || !callerMaySee) return new ArchiveOutcome(ArchiveResult.NotFound, null, null);
        if (alreadyArchived) return new ArchiveOutcome(ArchiveResult.Conflict, "the request is already archived", null);
        if (!state.IsTerminal) return new ArchiveOutcome(ArchiveResult.Conflict, $"only a finished request may be archived; this one is {state.Status}", null);
        return new ArchiveOutcome(ArchiveResult.Archived, null, new RequestArchived(actor, now));
    }
}

/// <summary>What an archive did.</summary>
/// <param name="Result">Archived, or why not.</param>
/// <param name="Reason">Why not, for a conflict.</param>
/// <param name="Event">The event that records who archived the request and when.</param>
public sealed record ArchiveOutcome(ArchiveResult Result, string? Reason, RequestArchived? Event);

/// <summary>The result of an archive.</summary>
public enum ArchiveResult
{
    Archived,
    NotFound,
    Conflict,
}
