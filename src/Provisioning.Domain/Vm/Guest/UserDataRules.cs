using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Provisioning.Domain.Vm.Guest;

/// <summary>
/// The caller's own cloud-init user-data: bounded, a <c>#cloud-config</c> document, and YAML that a real parser
/// reads as one mapping. Refused at the door, so a guest never boots with a seed cloud-init rejects (it would
/// silently skip the whole document, and with it our keys' neighbours).
/// </summary>
public static class UserDataRules
{
    /// <summary>Far below cloud-init's and NoCloud's own limits; a seed is not the place for payloads.</summary>
    public const int MaxBytes = 16 * 1024;

    public const string Header = "#cloud-config";

    /// <summary>Deeper nesting than any real cloud-config; YamlDotNet's tree builder recurses, and a stack overflow cannot be caught.</summary>
    public const int MaxDepth = 64;

    /// <summary>Why the document is refused, or null when it is good.</summary>
    public static string? Problem(string userData)
    {
        if (Encoding.UTF8.GetByteCount(userData) > MaxBytes) return $"must be at most {MaxBytes} bytes";
        var firstLine = userData.Split('\n', 2)[0].TrimEnd('\r', ' ', '\t');
        if (firstLine != Header) return $"must be a cloud-config document: its first line must be '{Header}'";
        try
        {
            if (TooDeep(userData)) return $"must not nest more than {MaxDepth} levels deep";
            var yaml = new YamlStream();
            yaml.Load(new StringReader(userData));
            // A header alone is an empty, valid document; more than one is not cloud-config.
            if (yaml.Documents.Count > 1) return "must hold exactly one YAML document";
            if (yaml.Documents.Count == 1 && yaml.Documents[0].RootNode is not YamlMappingNode) return "must be a YAML mapping (keys such as packages:, runcmd:)";
        }
        catch (YamlException e)
        {
            return $"is not valid YAML: {e.Message} (line {e.Start.Line}, column {e.Start.Column})";
        }
        return null;
    }

    // The parser itself is iterative: counting its events bounds the depth before anything recursive sees the text.
    private static bool TooDeep(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > MaxDepth) return true;
                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }
        return false;
    }
}
