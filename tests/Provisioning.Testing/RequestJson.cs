using System.Text.Json;

namespace Provisioning.Testing;

/// <summary>Reading a request and its events as the API shows them (<c>GET /api/requests/{id}</c> and <c>/events</c>).</summary>
public static class RequestJson
{
    /// <summary>The request's status.</summary>
    public static string Status(JsonElement request) => request.GetProperty("status").GetString()!;

    /// <summary>One step of a request.</summary>
    public static JsonElement Step(JsonElement request, string name) =>
        request.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    /// <summary>The events of one type, in order.</summary>
    public static List<JsonElement> OfType(IEnumerable<JsonElement> events, string type) =>
        events.Where(e => e.GetProperty("type").GetString() == type).ToList();

    /// <summary>The <c>step_dispatched</c> events of one mode (Execute or Compensate), of one step when given.</summary>
    public static List<JsonElement> Dispatches(IEnumerable<JsonElement> events, string mode, string? step = null) =>
        OfType(events, "step_dispatched").Where(e => e.GetProperty("data").GetProperty("mode").GetString() == mode
            && (step is null || e.GetProperty("data").GetProperty("step").GetString() == step)).ToList();

    /// <summary>The step names of events, in order.</summary>
    public static List<string> Steps(IEnumerable<JsonElement> events) =>
        events.Select(e => e.GetProperty("data").GetProperty("step").GetString()!).ToList();

    /// <summary>A one-line account of a request, for failure messages.</summary>
    public static string Describe(JsonElement request) =>
        $"{request.GetProperty("status").GetString()} [" + string.Join(", ", request.GetProperty("steps").EnumerateArray().Select(s =>
            $"{s.GetProperty("name").GetString()}:{s.GetProperty("status").GetString()}x{s.GetProperty("attempts").GetInt32()}"
            + (s.GetProperty("error").GetString() is { } e ? $" ({e})" : ""))) + "]";
}
