namespace Provisioning.IntegrationTests.Docs;

/// <summary>How an option's key holds its value.</summary>
public enum OptionShape
{
    /// <summary>One key, one value.</summary>
    Value,

    /// <summary>A dictionary: one key per entry, <c>…:&lt;key&gt;</c>.</summary>
    Map,

    /// <summary>A list: one key per item, <c>…:&lt;index&gt;</c>.</summary>
    List,
}
