using System.Text.Json;

namespace Provisioning.Engine.Integrity;

/// <summary>A broken stream as the verification query reports it.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="LastVersion">The version of its newest event present (0 when none is left).</param>
/// <param name="StreamVersion">The version the stream's own row records.</param>
/// <param name="First">Its first suspicious event, when one is.</param>
public sealed record StreamFacts(Guid StreamId, long LastVersion, long StreamVersion, LinkFacts? First)
{
    /// <summary>Reads the object the query builds for a stream.</summary>
    public static StreamFacts FromJson(JsonElement e) => new(
        e.GetProperty("stream").GetGuid(),
        e.GetProperty("lastVersion").GetInt64(),
        e.GetProperty("streamVersion").GetInt64(),
        e.GetProperty("first").ValueKind == JsonValueKind.Object ? LinkFacts.FromJson(e.GetProperty("first")) : null);
}
