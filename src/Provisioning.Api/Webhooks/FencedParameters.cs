using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioning.Api.Webhooks;

/// <summary>
/// Reads the parameters out of a ticket's text: the first fenced <c>```json</c> or <c>```yaml</c> block. YAML is a
/// small subset (no YAML library is used): one <c>key: value</c> per line, <c>#</c> comments, scalars (whole
/// numbers, true/false, quoted or bare strings) and flow lists <c>[a, b]</c>; nesting is refused.
/// </summary>
public static partial class FencedParameters
{
    [GeneratedRegex(@"```[ \t]*(json|yaml|yml)[ \t]*\r?\n(.*?)```", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Fence();

    [GeneratedRegex(@"^-?[0-9]{1,18}$")]
    private static partial Regex WholeNumber();

    /// <summary>The parameters, or null with <paramref name="problem"/> saying why.</summary>
    public static JsonObject? Read(string? text, out string? problem)
    {
        problem = null;
        var match = Fence().Match(text ?? "");
        if (!match.Success)
        {
            problem = "must hold the parameters in a fenced ```yaml or ```json block";
            return null;
        }
        var block = match.Groups[2].Value;
        return match.Groups[1].Value.Equals("json", StringComparison.OrdinalIgnoreCase) ? Json(block, out problem) : Yaml(block, out problem);
    }

    private static JsonObject? Json(string block, out string? problem)
    {
        problem = null;
        try
        {
            if (JsonNode.Parse(block) is JsonObject o) return o;
            problem = "the ```json block must be an object";
        }
        catch (JsonException e)
        {
            problem = $"the ```json block is not valid JSON: {e.Message}";
        }
        return null;
    }

    private static JsonObject? Yaml(string block, out string? problem)
    {
        problem = null;
        var result = new JsonObject();
        var number = 0;
        foreach (var raw in block.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0) continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (char.IsWhiteSpace(line[0]) || colon <= 0)
            {
                problem = $"the ```yaml block, line {number}: expected 'key: value' (only flat keys are supported)";
                return null;
            }
            var key = line[..colon].Trim();
            var value = StripComment(line[(colon + 1)..]).Trim();
            if (value.Length == 0)
            {
                problem = $"the ```yaml block, line {number}: '{key}' has no value (nested YAML is not supported)";
                return null;
            }
            result[key] = value.StartsWith('[') && value.EndsWith(']')
                ? new JsonArray(value[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Scalar).ToArray())
                : Scalar(value);
        }
        return result;
    }

    private static string StripComment(string value)
    {
        var hash = value.IndexOf(" #", StringComparison.Ordinal);
        return hash >= 0 && !value.TrimStart().StartsWith('"') && !value.TrimStart().StartsWith('\'') ? value[..hash] : value;
    }

    private static JsonNode? Scalar(string value)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]) return JsonValue.Create(value[1..^1]);
        if (WholeNumber().IsMatch(value)) return JsonValue.Create(long.Parse(value, CultureInfo.InvariantCulture));
        if (value is "true" or "false") return JsonValue.Create(value == "true");
        return JsonValue.Create(value);
    }
}
