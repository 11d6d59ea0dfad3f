namespace Provisioning.Engine.Integrity;

/// <summary>The outcome of a verification of the whole store or of one stream.</summary>
/// <param name="Intact">No stream in scope has a broken link.</param>
/// <param name="Stream">The stream verified, or null for the whole store.</param>
/// <param name="Streams">Streams verified (archived ones included).</param>
/// <param name="Events">Events verified.</param>
/// <param name="ArchivedStreams">Of the streams, how many are archived.</param>
/// <param name="BrokenStreams">Streams with a broken link.</param>
/// <param name="Broken">The first broken link of each broken stream, oldest first, at most the asked number.</param>
/// <param name="BrokenListCut">True when more streams are broken than <paramref name="Broken"/> lists.</param>
/// <param name="DurationMs">How long the verification took.</param>
/// <param name="Head">For one stream: its newest event's version and hash, to anchor outside the database.</param>
public sealed record ChainReport(
    bool Intact, Guid? Stream, long Streams, long Events, long ArchivedStreams, long BrokenStreams,
    IReadOnlyList<BrokenLink> Broken, bool BrokenListCut, double DurationMs, ChainHead? Head);

/// <summary>The newest link of a stream.</summary>
public sealed record ChainHead(long Version, string? Hash);
