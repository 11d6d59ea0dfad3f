using System.Text.Json;

namespace Provisioning.IntegrationTests.Support;

/// <summary>One event of a request's stream as <c>GET /api/requests/{id}/events</c> shows it.</summary>
public sealed record StreamEvent(Guid Id, long Version, string Type, string? CausationId, JsonElement Data)
{
    public static StreamEvent From(JsonElement e) => new(
        e.GetProperty("id").GetGuid(),
        e.GetProperty("version").GetInt64(),
        e.GetProperty("type").GetString()!,
        e.TryGetProperty("causationId", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null,
        e.GetProperty("data").Clone());

    public string? Step => Data.TryGetProperty("step", out var s) ? s.GetString() : null;

    public string? Mode => Data.TryGetProperty("mode", out var m) ? m.GetString() : null;

    public int Attempt => Data.TryGetProperty("attempt", out var a) ? a.GetInt32() : 0;

    /// <summary>The command a dispatch issued (its own id) or a result/timeout answers.</summary>
    public Guid? CommandId => Type == "step_dispatched" ? Id : Data.TryGetProperty("commandId", out var c) ? c.GetGuid() : null;

    /// <summary>A JSON property of the event's data (a step's arguments or outputs), or null when absent or null.</summary>
    public JsonElement? Json(string property) =>
        Data.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null;

    /// <summary>A text property of the event's data, or null when absent or null.</summary>
    public string? Text(string property) => Json(property)?.GetString();

    public override string ToString() => $"v{Version} {Type} {Step} {Mode} #{Attempt}";
}
