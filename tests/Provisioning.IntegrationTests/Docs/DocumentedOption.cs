using System.Reflection;

namespace Provisioning.IntegrationTests.Docs;

/// <summary>One configuration option as the reference in docs/operations.md must document it.</summary>
/// <param name="Key">As the binder reads it, e.g. <c>Engine:Placement:CpuOvercommit</c>.</param>
/// <param name="Type">The type of the value one key holds (<c>string</c>, <c>int</c>, <c>TimeSpan</c>, …).</param>
/// <param name="Default">The default, formatted by <see cref="OptionCatalog.Format"/>.</param>
/// <param name="Shape">One value, or one key per dictionary entry or list item.</param>
/// <param name="Section">The top-level section the options class is bound from; null for an option read by key.</param>
/// <param name="Root">The options class bound from <paramref name="Section"/>; null for an option read by key.</param>
/// <param name="Path">The properties from <paramref name="Root"/> to the option.</param>
public sealed record DocumentedOption(
    string Key, string Type, string Default, OptionShape Shape = OptionShape.Value,
    string? Section = null, Type? Root = null, IReadOnlyList<PropertyInfo>? Path = null);
