using YamlDotNet.RepresentationModel;

namespace Provisioning.Agent.Tests.CloudInit;

/// <summary>Reading a seed document back as YAML.</summary>
public static class Yaml
{
    /// <summary>The document's root mapping (fails the test when it is not one document of one mapping).</summary>
    public static YamlMappingNode Map(string document)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(document));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    public static string? Text(YamlMappingNode map, string key) => ((YamlScalarNode)map[key]).Value;

    public static IReadOnlyList<string?> Texts(YamlMappingNode map, string key) =>
        ((YamlSequenceNode)map[key]).Select(n => ((YamlScalarNode)n).Value).ToList();
}
