using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Provisioning.IntegrationTests.Docs;

/// <summary>
/// The configuration reference in docs/operations.md is the options classes, written down: one row per option, each
/// with its environment form, type and default. These tests fail as soon as the two part.
/// </summary>
public sealed class ConfigurationReferenceTests
{
    private readonly IReadOnlyList<ReferenceRow> rows = ReferenceTable.Read();
    private readonly IReadOnlyList<DocumentedOption> options = OptionCatalog.All();

    [Fact]
    public void every_option_of_the_options_classes_has_a_row_in_the_configuration_reference()
    {
        var documented = rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var missing = options.Where(o => !documented.Contains(o.Key)).Select(o => o.Key).ToList();
        Assert.True(missing.Count == 0, $"{ReferenceTable.FilePath} lacks a row for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void every_row_of_the_configuration_reference_names_a_real_option_once()
    {
        var known = options.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var unknown = rows.Where(r => !known.Contains(r.Key)).Select(r => $"line {r.Line}: {r.Key}").ToList();
        var repeated = rows.GroupBy(r => r.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(unknown.Count == 0, $"rows naming no option: {string.Join(", ", unknown)}");
        Assert.True(repeated.Count == 0, $"rows given twice: {string.Join(", ", repeated)}");
    }

    [Fact]
    public void the_default_in_each_row_is_the_default_of_a_freshly_constructed_options_object()
    {
        var wrong = Matched().Where(m => m.Row.Default != m.Option.Default)
            .Select(m => $"line {m.Row.Line}: {m.Row.Key} says '{m.Row.Default}', the code's default is '{m.Option.Default}'").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void the_type_in_each_row_is_the_type_its_option_binds_to()
    {
        var wrong = Matched().Where(m => m.Row.Type != m.Option.Type)
            .Select(m => $"line {m.Row.Line}: {m.Row.Key} says '{m.Row.Type}', the option is '{m.Option.Type}'").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void the_environment_variable_of_each_row_is_its_key_with_double_underscores()
    {
        var wrong = rows.Where(r => r.Environment != r.Key.Replace(":", "__", StringComparison.Ordinal))
            .Select(r => $"line {r.Line}: {r.Key} gives '{r.Environment}'").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void every_options_class_is_bound_under_a_section_of_the_reference()
    {
        var reached = OptionCatalog.ReachedClasses();
        var unreached = OptionCatalog.Assemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal) && !reached.Contains(t))
            .Select(t => t.FullName).ToList();
        Assert.True(unreached.Count == 0, $"options classes no section of OptionCatalog.Sections reaches: {string.Join(", ", unreached)}");
    }

    /// <summary>
    /// Guards the walk itself: a value put under each key the catalog derives lands in the property it names when the real
    /// binder binds the section, so the keys are the binder's, not the test's idea of them.
    /// </summary>
    [Fact]
    public void a_value_under_each_key_of_the_reference_reaches_its_option_through_the_binder()
    {
        var lost = new List<string>();
        foreach (var option in options.Where(o => o.Root is not null))
        {
            var (key, text) = Probe(option);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = text }).Build();
            object? value = configuration.GetSection(option.Section!).Get(option.Root!);
            foreach (var property in option.Path!) value = value is null ? null : property.GetValue(value);
            var arrived = option.Shape switch
            {
                OptionShape.Map => value is IDictionary map && Equals(map["probe"], text),
                OptionShape.List => value is IEnumerable list && list.Cast<object>().Contains(text),
                _ => Equals(OptionCatalog.Format(value), text),
            };
            if (!arrived) lost.Add($"{key}={text} bound to '{OptionCatalog.Format(value)}'");
        }
        Assert.True(lost.Count == 0, string.Join("\n", lost));
    }

    private IEnumerable<(ReferenceRow Row, DocumentedOption Option)> Matched() =>
        rows.Join(options, r => r.Key, o => o.Key, (r, o) => (r, o), StringComparer.Ordinal);

    /// <summary>A key with its placeholder filled in, and a value unlike the default, written as the reference writes values.</summary>
    private static (string Key, string Text) Probe(DocumentedOption option)
    {
        var key = option.Key.Replace(":<key>", ":probe", StringComparison.Ordinal).Replace(":<index>", ":0", StringComparison.Ordinal);
        var text = option.Type switch
        {
            "bool" => option.Default == "true" ? "false" : "true",
            "int" or "long" or "ushort" or "double" => option.Default == "(none)" ? "7" : (double.Parse(option.Default, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture),
            nameof(TimeSpan) => (TimeSpan.Parse(option.Default, CultureInfo.InvariantCulture) + TimeSpan.FromSeconds(1)).ToString("c", CultureInfo.InvariantCulture),
            // An enum takes only its own names: another one than the default.
            _ when option.Path?[^1].PropertyType is { IsEnum: true } e => Enum.GetNames(e).First(n => n != option.Default),
            _ => "probe-value",
        };
        return (key, text);
    }
}
