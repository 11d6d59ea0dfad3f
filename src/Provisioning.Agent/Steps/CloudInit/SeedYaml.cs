using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Provisioning.Agent.Steps.CloudInit;

/// <summary>
/// The seed's YAML, built as nodes and written by YamlDotNet: every text that comes from a request (names, keys,
/// addresses) is a double-quoted scalar the emitter escapes, so no value can end a line, open a mapping or read as a
/// boolean. Nothing is concatenated into YAML by hand.
/// </summary>
internal static class SeedYaml
{
    public static YamlScalarNode Text(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    public static YamlScalarNode Flag(bool value) => new(value ? "true" : "false") { Style = ScalarStyle.Plain };

    public static YamlScalarNode Number(int value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture)) { Style = ScalarStyle.Plain };

    public static YamlSequenceNode Texts(IEnumerable<string> values) => new(values.Select(v => (YamlNode)Text(v)));

    /// <summary>A mapping in the order given (cloud-init does not care; people reading a seed do).</summary>
    public static YamlMappingNode Map(params (string Key, YamlNode? Value)[] entries)
    {
        var map = new YamlMappingNode();
        foreach (var (key, value) in entries)
        {
            if (value is not null) map.Add(new YamlScalarNode(key), value);
        }
        return map;
    }

    /// <summary>One document, without <c>---</c> or <c>...</c> markers, ending in a line break.</summary>
    public static string Write(YamlNode root)
    {
        var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.EndsWith("...\n", StringComparison.Ordinal)) text = text[..^4];
        return text.EndsWith('\n') ? text : text + "\n";
    }
}
