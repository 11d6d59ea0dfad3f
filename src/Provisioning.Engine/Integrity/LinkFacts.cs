using System.Text.Json;

namespace Provisioning.Engine.Integrity;

/// <summary>
/// What the verification query found about the first suspicious event of a stream (raw checks, no verdict:
/// <see cref="LinkClassifier"/> decides the reason).
/// </summary>
/// <param name="Sequence">The event's global sequence number.</param>
/// <param name="EventId">The event's id.</param>
/// <param name="Version">Its version in the stream.</param>
/// <param name="EventType">Its type name.</param>
/// <param name="PreviousVersion">The version of the event before it in the stream, if any.</param>
/// <param name="HasHash">It carries a hash.</param>
/// <param name="HashMatches">Its recomputed hash equals the stored one.</param>
/// <param name="PrevMatches">Its stored prevHash equals the stored hash of the event before it (or the genesis value).</param>
/// <param name="InSequence">Its version follows the previous one without a gap.</param>
public sealed record LinkFacts(
    long Sequence, Guid EventId, long Version, string EventType, long? PreviousVersion,
    bool HasHash, bool HashMatches, bool PrevMatches, bool InSequence)
{
    /// <summary>Reads the object the query builds for a link.</summary>
    public static LinkFacts FromJson(JsonElement e) => new(
        e.GetProperty("seq").GetInt64(),
        e.GetProperty("id").GetGuid(),
        e.GetProperty("version").GetInt64(),
        e.GetProperty("type").GetString() ?? "",
        e.GetProperty("previousVersion").ValueKind == JsonValueKind.Number ? e.GetProperty("previousVersion").GetInt64() : null,
        e.GetProperty("hasHash").GetBoolean(),
        e.GetProperty("hashMatches").GetBoolean(),
        e.GetProperty("prevMatches").GetBoolean(),
        e.GetProperty("inSequence").GetBoolean());
}
