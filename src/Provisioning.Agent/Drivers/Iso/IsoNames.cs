using System.Text;

namespace Provisioning.Agent.Drivers.Iso;

/// <summary>
/// The primary tree's names: ISO 9660 level 1, the only level every reader takes (8 upper-case d-characters, a dot,
/// no extension here, version 1). The Joliet tree carries the real names.
/// </summary>
internal static class IsoNames
{
    /// <summary>One level-1 name per Joliet name, in the same order; throws when two would be the same or a name is not one.</summary>
    public static IReadOnlyList<string> Primary(IReadOnlyList<string> names)
    {
        var primary = new List<string>();
        foreach (var name in names)
        {
            if (name.Length is 0 or > 64 || name.Any(c => c is '/' or ';' or '\\' or '*' or ':' or '?' || char.IsControl(c)))
            {
                throw new ArgumentException($"'{name}' is not a Joliet file name (1 to 64 characters, none of / \\ ; * : ?)", nameof(names));
            }
            var level1 = Level1(name);
            if (primary.Contains(level1, StringComparer.Ordinal))
            {
                throw new ArgumentException($"'{name}' and another file share the level-1 name {level1}", nameof(names));
            }
            primary.Add(level1);
        }
        return primary;
    }

    private static string Level1(string name)
    {
        var d = new StringBuilder();
        foreach (var c in name.ToUpperInvariant())
        {
            if (d.Length == 8) break;
            d.Append(c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') ? c : '_');
        }
        return d + ".;1";
    }
}
