using System.Globalization;
using System.Text.RegularExpressions;

namespace Provisioning.Domain.Vm;

/// <summary>
/// The rules for provision-vm parameters, shared by the API (400 problem details), the portal and
/// the agent (which re-checks). Names that reach libvirt XML or an <c>ovs-vsctl</c> argument array
/// are restricted to characters that need no escaping anywhere.
/// </summary>
public static partial class VmParameterRules
{
    public const int MinMemoryMiB = 64;
    public const int MaxMemoryMiB = 1024 * 1024;
    public const int MaxVcpus = 256;
    public const int MaxDiskGiB = 64 * 1024;

    /// <summary>libvirt-safe domain name.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")]
    public static partial Regex NamePattern();

    /// <summary>Linux interface names (OVS bridges, NICs): at most 15 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$")]
    public static partial Regex InterfacePattern();

    /// <summary>Host names as agents announce them (also part of a queue name).</summary>
    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    public static partial Regex HostPattern();

    private static readonly HashSet<string> Known = ["name", "host", "memoryMiB", "vcpus", "diskGiB", "bridge", "vlan", "uplink"];

    /// <summary>Checks the wire form; fills <paramref name="errors"/> per field and returns null when anything is wrong.</summary>
    public static VmSpec? Parse(IReadOnlyDictionary<string, string> p, IDictionary<string, string[]> errors)
    {
        foreach (var key in p.Keys.Where(k => !Known.Contains(k)))
        {
            errors[key] = ["is not a provision-vm parameter"];
        }
        var name = Text(p, "name", NamePattern(), "must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$", errors);
        var host = Text(p, "host", HostPattern(), "must be a host name (letters, digits, '-' and '.')", errors);
        if (host is { Length: > 253 }) errors["host"] = ["must be at most 253 characters"];
        var memory = Number(p, "memoryMiB", MinMemoryMiB, MaxMemoryMiB, errors);
        var vcpus = Number(p, "vcpus", 1, MaxVcpus, errors);
        var disk = Number(p, "diskGiB", 1, MaxDiskGiB, errors);
        var bridge = Text(p, "bridge", InterfacePattern(), "must be an interface name of at most 15 characters (letters, digits, '_', '.', '-')", errors);
        int? vlan = p.ContainsKey("vlan") ? Number(p, "vlan", 1, 4094, errors) : null;
        var uplink = p.ContainsKey("uplink")
            ? Text(p, "uplink", InterfacePattern(), "must be an interface name of at most 15 characters (letters, digits, '_', '.', '-')", errors)
            : null;
        if (uplink is not null && uplink == bridge) errors["uplink"] = ["must differ from the bridge"];

        return errors.Count == 0
            ? new VmSpec(name!, host!, memory!.Value, vcpus!.Value, disk!.Value, bridge!, vlan, uplink)
            : null;
    }

    private static string? Text(IReadOnlyDictionary<string, string> p, string key, Regex pattern, string rule, IDictionary<string, string[]> errors)
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

    private static int? Number(IReadOnlyDictionary<string, string> p, string key, int min, int max, IDictionary<string, string[]> errors)
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
}
