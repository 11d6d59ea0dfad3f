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

    public IReadOnlyDictionary<string, string> Strings(string property) =>
        Data.GetProperty(property).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    public override string ToString() => $"v{Version} {Type} {Step} {Mode} #{Attempt}";
}
