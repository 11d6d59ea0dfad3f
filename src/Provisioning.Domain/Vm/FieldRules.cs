using System.Globalization;
using System.Text.RegularExpressions;

namespace Provisioning.Domain.Vm;

/// <summary>
/// The field checks every VM parameter set shares, each filling <c>errors</c> per field so one answer
/// names every problem. The wire form is strings: integers as invariant digits, flags as <c>true</c>/<c>false</c>.
/// </summary>
internal static class FieldRules
{
    public const string NameRule = "must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$";

    /// <summary>The rule of Linux interface names (bridges, NICs), as every set words it.</summary>
    public const string InterfaceRule = "must be an interface name of at most 15 characters (letters, digits, '_', '.', '-')";

    /// <summary>Refuses every key the set does not know.</summary>
    public static void RefuseUnknown(IReadOnlyDictionary<string, string> p, IReadOnlyCollection<string> known, string set, IDictionary<string, string[]> errors)
    {
        foreach (var key in p.Keys.Where(k => !known.Contains(k)))
        {
            errors[key] = [$"is not a {set} parameter"];
        }
    }

    /// <summary>A libvirt-safe VM name (required).</summary>
    public static string? Name(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors) =>
        Text(p, "name", VmParameterRules.NamePattern(), NameRule, errors);

    /// <summary>A host name as agents announce it (required).</summary>
    public static string? Host(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        var host = Text(p, "host", VmParameterRules.HostPattern(), "must be a host name (letters, digits, '-' and '.')", errors);
        if (host is { Length: > 253 })
        {
            errors["host"] = ["must be at most 253 characters"];
            return null;
        }
        return host;
    }

    /// <summary>A required text matching <paramref name="pattern"/>, never containing "..".</summary>
    public static string? Text(IReadOnlyDictionary<string, string> p, string key, Regex pattern, string rule, IDictionary<string, string[]> errors)
    {
        if (!p.TryGetValue(key, out var value) || value.Length == 0)
        {
            errors[key] = ["is required"];
            return null;
        }
        if (!pattern.IsMatch(value) || value.Contains("..", StringComparison.Ordinal))
        {
            errors[key] = [rule];
            return null;
        }
        return value;
    }

    /// <summary>A required whole number in [min, max].</summary>
    public static int? Number(IReadOnlyDictionary<string, string> p, string key, int min, int max, IDictionary<string, string[]> errors)
    {
        if (!p.TryGetValue(key, out var raw) || raw.Length == 0)
        {
            errors[key] = ["is required"];
            return null;
        }
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors[key] = [$"must be a whole number from {min} to {max}"];
            return null;
        }
        return value;
    }

    /// <summary>An optional whole number in [min, max]: null when absent (check <c>errors</c> for a bad value).</summary>
    public static int? OptionalNumber(IReadOnlyDictionary<string, string> p, string key, int min, int max, IDictionary<string, string[]> errors) =>
        p.ContainsKey(key) ? Number(p, key, min, max, errors) : null;

    /// <summary>An optional VLAN a request may name (<see cref="VlanIds"/>): null when absent (check <c>errors</c> for a bad value).</summary>
    public static int? OptionalVlan(IReadOnlyDictionary<string, string> p, string key, IDictionary<string, string[]> errors)
    {
        if (!p.TryGetValue(key, out var raw)) return null;
        var parsed = int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var vlan);
        var problem = parsed ? VlanIds.Problem(vlan) : VlanIds.Problem(-1);
        if (problem is null) return vlan;
        errors[key] = [problem];
        return null;
    }

    /// <summary>An optional flag, <c>true</c> or <c>false</c>; absent is false.</summary>
    public static bool Flag(IReadOnlyDictionary<string, string> p, string key, IDictionary<string, string[]> errors)
    {
        if (!p.TryGetValue(key, out var raw)) return false;
        switch (raw)
        {
            case "true": return true;
            case "false": return false;
            default:
                errors[key] = ["must be true or false"];
                return false;
        }
    }

    /// <summary>The wire form of a whole number.</summary>
    public static string Wire(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// For the agent, which re-checks every command: the parsed value, or an <see cref="ArgumentException"/>
    /// naming every bad field.
    /// </summary>
    public static T OrThrow<T>(T? parsed, string set, IDictionary<string, string[]> errors) where T : class =>
        parsed ?? throw new ArgumentException($"invalid {set} parameters: " +
            string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
}
