using System.Text.Json;

namespace Provisioning.Api.Access;

/// <summary>Reads a request body as raw JSON, so the admin endpoints can name every bad field themselves.</summary>
internal static class JsonBody
{
    /// <summary>The body, or null with <c>errors["body"]</c> set when it is not JSON.</summary>
    public static async Task<JsonElement?> ReadAsync(HttpRequest request, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            errors["body"] = [$"is not valid JSON: {e.Message}"];
            return null;
        }
    }
}
