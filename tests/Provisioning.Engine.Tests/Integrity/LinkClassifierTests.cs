using System.Text.Json;
using Provisioning.Engine.Integrity;

namespace Provisioning.Engine.Tests.Integrity;

/// <summary>How the facts the verification query finds become reasons and a report.</summary>
public class LinkClassifierTests
{
    private static readonly Guid Stream = Guid.Parse("0198c0de-0000-7000-8000-0000000000aa");
    private static readonly Guid EventId = Guid.Parse("0198c0de-0000-7000-8000-0000000000bb");

    private static LinkFacts Link(long version = 3, long? previous = 2, bool hasHash = true, bool hashMatches = true, bool prevMatches = true, bool inSequence = true) =>
        new(42, EventId, version, "step_succeeded", previous, hasHash, hashMatches, prevMatches, inSequence);

    private static BrokenLink Classify(LinkFacts link) =>
        LinkClassifier.Classify(new StreamFacts(Stream, 5, 5, link)) ?? throw new InvalidOperationException("classified as intact");

    [Fact]
    public void a_changed_event_is_a_hash_mismatch_at_that_event()
    {
        var broken = Classify(Link(hashMatches: false));

        Assert.Equal(BreakReason.HashMismatch, broken.Reason);
        Assert.Equal((Stream, 3L, 42L, EventId, "step_succeeded"), (broken.StreamId, broken.Version, broken.Sequence!.Value, broken.EventId!.Value, broken.EventType));
    }

    [Fact]
    public void a_deleted_event_is_a_version_gap_even_though_the_next_link_breaks_too()
    {
        var broken = Classify(Link(version: 4, previous: 2, prevMatches: false, inSequence: false));

        Assert.Equal(BreakReason.VersionGap, broken.Reason);
        Assert.Contains("1 event(s) missing", broken.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void a_stream_whose_first_events_are_gone_is_a_version_gap_at_its_first_remaining_event()
    {
        var broken = Classify(Link(version: 3, previous: null, prevMatches: false, inSequence: false));

        Assert.Equal(BreakReason.VersionGap, broken.Reason);
        Assert.Equal(3, broken.Version);
    }

    [Fact]
    public void an_event_without_a_hash_is_missing_hash_rather_than_a_mismatch()
    {
        Assert.Equal(BreakReason.MissingHash, Classify(Link(hasHash: false, hashMatches: false)).Reason);
    }

    [Fact]
    public void a_re_hashed_predecessor_shows_as_a_prev_hash_mismatch_at_the_next_event()
    {
        Assert.Equal(BreakReason.PrevHashMismatch, Classify(Link(prevMatches: false)).Reason);
    }

    [Fact]
    public void an_event_changed_and_pointing_elsewhere_is_named_by_its_own_content_first()
    {
        Assert.Equal(BreakReason.HashMismatch, Classify(Link(hashMatches: false, prevMatches: false)).Reason);
    }

    [Fact]
    public void a_stream_whose_newest_events_are_gone_is_a_missing_tail_after_its_last_event()
    {
        var broken = LinkClassifier.Classify(new StreamFacts(Stream, LastVersion: 4, StreamVersion: 6, First: null))!;

        Assert.Equal(BreakReason.MissingTail, broken.Reason);
        Assert.Equal(5, broken.Version);
        Assert.Null(broken.Sequence);
    }

    [Fact]
    public void a_stream_with_nothing_suspicious_is_intact()
    {
        Assert.Null(LinkClassifier.Classify(new StreamFacts(Stream, 5, 5, null)));
    }

    [Fact]
    public void the_report_is_intact_only_without_broken_streams_and_says_when_its_list_was_cut()
    {
        var intact = LinkClassifier.Report(null, 10, 40, 2, 0, [], TimeSpan.FromMilliseconds(12.34), null);
        var cut = LinkClassifier.Report(null, 10, 40, 2, 3, [new StreamFacts(Stream, 5, 5, Link(hashMatches: false))], TimeSpan.Zero, null);

        Assert.True(intact.Intact);
        Assert.Equal((10L, 40L, 2L, 12.3), (intact.Streams, intact.Events, intact.ArchivedStreams, intact.DurationMs));
        Assert.False(cut.Intact);
        Assert.Equal(3, cut.BrokenStreams);
        Assert.Single(cut.Broken);
        Assert.True(cut.BrokenListCut);
    }

    [Fact]
    public void the_query_result_is_read_into_facts()
    {
        var json = JsonDocument.Parse($$$"""
            {"stream":"{{{Stream}}}","lastVersion":5,"streamVersion":5,
             "first":{"seq":42,"id":"{{{EventId}}}","version":1,"type":"request_submitted","previousVersion":null,
                      "hasHash":true,"hashMatches":false,"prevMatches":true,"inSequence":true}}
            """).RootElement;

        var facts = StreamFacts.FromJson(json);

        Assert.Equal(new StreamFacts(Stream, 5, 5, new LinkFacts(42, EventId, 1, "request_submitted", null, true, false, true, true)), facts);
    }
}
