using System.Text.Json;
using Provisioning.Domain.Pools;

namespace Provisioning.Api.Pools;

/// <summary>
/// Reads the body of <c>POST /api/pools</c> into a definition for <see cref="PoolRules"/>: each field of the wrong JSON
/// type, and each field the body should not have, is named in the errors; the rules then name what is wrong in a value.
/// </summary>
internal static class PoolBody
{
    private static readonly string[] Known = ["name", "bridge", "vlan", "cidr", "gateway", "dns", "range", "gatewayPort"];

    /// <summary>The checked definition; null with <paramref name="errors"/> filled when anything is wrong.</summary>
    public static PoolDefinition? Parse(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["must be a JSON object"];
            return null;
        }
        foreach (var p in body.EnumerateObject().Where(p => !Known.Contains(p.Name, StringComparer.Ordinal))) errors[p.Name] = ["is not a pool field"];
        var name = Text(body, "name", errors);
        var bridge = Text(body, "bridge", errors);
        var cidr = Text(body, "cidr", errors);
        var gateway = Text(body, "gateway", errors);
        int? vlan = null;
        if (body.TryGetProperty("vlan", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var number)) vlan = number;
            else errors["vlan"] = ["must be a whole number from 1 to 4094"];
        }
        var dns = new List<string>();
        if (body.TryGetProperty("dns", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind == JsonValueKind.Array && d.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String)) dns.AddRange(d.EnumerateArray().Select(x => x.GetString()!));
            else errors["dns"] = ["must be a list of IPv4 addresses"];
        }
        string first = "", last = "";
        if (body.TryGetProperty("range", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind != JsonValueKind.Object) errors["range"] = ["must be an object with first and last"];
            else
            {
                foreach (var p in r.EnumerateObject().Where(p => p.Name is not ("first" or "last"))) errors[$"range.{p.Name}"] = ["is not a range field"];
                first = Text(r, "first", errors, "range.") ?? "";
                last = Text(r, "last", errors, "range.") ?? "";
            }
        }
        var gatewayPort = false;
        if (body.TryGetProperty("gatewayPort", out var g) && g.ValueKind != JsonValueKind.Null)
        {
            if (g.ValueKind is JsonValueKind.True or JsonValueKind.False) gatewayPort = g.GetBoolean();
            else errors["gatewayPort"] = ["must be true or false"];
        }
        if (errors.Count > 0) return null;
        return PoolRules.Check(new PoolDefinition(name!, bridge!, vlan, cidr!, gateway!, dns, first, last, gatewayPort), errors);
    }

    private static string? Text(JsonElement body, string field, Dictionary<string, string[]> errors, string prefix = "")
    {
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors[prefix + field] = ["is required"];
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors[prefix + field] = ["must be a string"];
            return null;
        }
        return value.GetString();
    }
}
