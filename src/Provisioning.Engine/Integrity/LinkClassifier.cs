namespace Provisioning.Engine.Integrity;

/// <summary>
/// Turns what the verification query found into verdicts: the reason a stream's chain breaks, and the
/// report. Pure, so every case is unit-tested without a database.
/// </summary>
public static class LinkClassifier
{
    /// <summary>
    /// The first broken link of a stream, or null when it is intact. A gap is named first (a deleted event
    /// also breaks the next event's prevHash, but the gap is the cause); then a missing hash; then a content
    /// change of the event itself; then a link that points at a different predecessor.
    /// </summary>
    public static BrokenLink? Classify(StreamFacts stream)
    {
        if (stream.First is { } e)
        {
            var (reason, detail) = e switch
            {
                { InSequence: false, PreviousVersion: null } =>
                    (BreakReason.VersionGap, $"the stream starts at version {e.Version}: the events before it are missing"),
                { InSequence: false } =>
                    (BreakReason.VersionGap, $"version {e.PreviousVersion} is followed by {e.Version}: {e.Version - e.PreviousVersion - 1} event(s) missing"),
                { HasHash: false } =>
                    (BreakReason.MissingHash, "the event carries no hash"),
                { HashMatches: false } =>
                    (BreakReason.HashMismatch, "the event's type, data, metadata or headers no longer match its hash"),
                { PrevMatches: false } =>
                    (BreakReason.PrevHashMismatch, "the event's prevHash is not the hash of the event before it: that event was changed and re-hashed, or replaced"),
                _ => (BreakReason.HashMismatch, "the event failed verification"),
            };
            return new BrokenLink(stream.StreamId, e.Version, e.Sequence, e.EventId, e.EventType, reason, detail);
        }
        if (stream.StreamVersion > stream.LastVersion)
        {
            return new BrokenLink(stream.StreamId, stream.LastVersion + 1, null, null, null, BreakReason.MissingTail,
                $"the stream is at version {stream.StreamVersion} but its newest event is version {stream.LastVersion}: the newest events are missing");
        }
        return null;
    }

    /// <summary>Builds the report from the query's counts and broken streams.</summary>
    public static ChainReport Report(
        Guid? scope, long streams, long events, long archivedStreams, long brokenStreams,
        IEnumerable<StreamFacts> broken, TimeSpan duration, ChainHead? head)
    {
        var links = broken.Select(Classify).OfType<BrokenLink>().ToList();
        // The query flags a stream exactly when Classify finds a link, so the two counts agree; the
        // larger one wins should they not, so a broken stream is never reported as intact.
        var brokenCount = Math.Max(brokenStreams, links.Count);
        return new ChainReport(brokenCount == 0, scope, streams, events, archivedStreams, brokenCount, links,
            brokenCount > links.Count, Math.Round(duration.TotalMilliseconds, 1), head);
    }
}
