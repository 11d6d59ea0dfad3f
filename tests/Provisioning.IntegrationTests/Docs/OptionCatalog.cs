using System.Collections;
using System.Globalization;
using System.Reflection;
using Provisioning.Agent;
using Provisioning.Api.Access;
using Provisioning.Engine;
using Provisioning.Engine.Storage;
using Provisioning.Engine.Tickets;
using Provisioning.Hosting;

namespace Provisioning.IntegrationTests.Docs;

/// <summary>
/// Every option the hosts read, found the way Microsoft.Extensions.Configuration binds an options class: each public
/// instance property with a public setter is a key (<c>Section:Property</c>), a nested options object is a sub-section
/// (<c>Engine:Placement:CpuOvercommit</c>), a dictionary takes one key per entry and a list one key per index.
/// </summary>
public static class OptionCatalog
{
    /// <summary>The top-level sections the hosts bind, each with its options class.</summary>
    public static IReadOnlyList<(string Section, Type Options)> Sections { get; } =
    [
        (EngineOptions.Section, typeof(EngineOptions)),
        (TicketOptions.Section, typeof(TicketOptions)),
        (AgentOptions.Section, typeof(AgentOptions)),
        (RabbitMqOptions.Section, typeof(RabbitMqOptions)),
        (AuthOptions.Section, typeof(AuthOptions)),
    ];

    /// <summary>Options read by key rather than through an options class, with the default the code falls back to.</summary>
    public static IReadOnlyList<DocumentedOption> ReadByKey { get; } =
    [
        // EngineModule: configuration.GetConnectionString("Postgres") ?? this (then PostgresConnection.WithDefaults).
        new("ConnectionStrings:Postgres", "string", PostgresConnection.Local),
    ];

    /// <summary>The assemblies whose options classes must all be reachable from <see cref="Sections"/>.</summary>
    public static IReadOnlyList<Assembly> Assemblies { get; } =
        [typeof(EngineOptions).Assembly, typeof(AgentOptions).Assembly, typeof(AuthOptions).Assembly, typeof(RabbitMqOptions).Assembly];

    /// <summary>Every option: those of the options classes, with the defaults of freshly constructed objects, then <see cref="ReadByKey"/>.</summary>
    public static IReadOnlyList<DocumentedOption> All() =>
        Sections.SelectMany(s => Walk(s.Section, s.Options, s.Section, s.Options, Activator.CreateInstance(s.Options)!, []))
            .Concat(ReadByKey)
            .ToList();

    /// <summary>The options classes met while walking <see cref="Sections"/>, nested ones included.</summary>
    public static IReadOnlySet<Type> ReachedClasses()
    {
        var reached = new HashSet<Type>();
        void Visit(Type type)
        {
            if (!reached.Add(type)) return;
            foreach (var p in Bindable(type).Where(p => Classify(p.PropertyType) is null)) Visit(p.PropertyType);
        }
        foreach (var (_, options) in Sections) Visit(options);
        return reached;
    }

    /// <summary>
    /// A default as the reference writes it: <c>(none)</c> for null, <c>(empty)</c> for an empty string or collection,
    /// booleans lower case, numbers in the invariant culture, a TimeSpan in its constant ("c") format, a dictionary as
    /// <c>key=value</c> pairs and a list as items, both joined by ", ".
    /// </summary>
    public static string Format(object? value) => value switch
    {
        null => "(none)",
        string { Length: 0 } => "(empty)",
        string s => s,
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IDictionary { Count: 0 } => "(empty)",
        IDictionary d => string.Join(", ", d.Keys.Cast<object>().Select(k => $"{Format(k)}={Format(d[k])}").Order(StringComparer.Ordinal)),
        IEnumerable e when !e.Cast<object>().Any() => "(empty)",
        IEnumerable e => string.Join(", ", e.Cast<object>().Select(Format)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The name the reference gives a value type: the C# keyword, nullable or not.</summary>
    public static string TypeName(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) ? "string"
            : t == typeof(bool) ? "bool"
            : t == typeof(int) ? "int"
            : t == typeof(long) ? "long"
            : t == typeof(ushort) ? "ushort"
            : t == typeof(double) ? "double"
            : t.Name;
    }

    private static IEnumerable<DocumentedOption> Walk(string prefix, Type type, string section, Type root, object instance, IReadOnlyList<PropertyInfo> path)
    {
        foreach (var p in Bindable(type))
        {
            var key = $"{prefix}:{p.Name}";
            var value = p.GetValue(instance);
            IReadOnlyList<PropertyInfo> here = [.. path, p];
            switch (Classify(p.PropertyType))
            {
                case OptionShape.Value:
                    yield return new DocumentedOption(key, TypeName(p.PropertyType), Format(value), OptionShape.Value, section, root, here);
                    break;
                case OptionShape.Map:
                    yield return new DocumentedOption(key + ":<key>", TypeName(ItemType(p.PropertyType)), Format(value), OptionShape.Map, section, root, here);
                    break;
                case OptionShape.List:
                    yield return new DocumentedOption(key + ":<index>", TypeName(ItemType(p.PropertyType)), Format(value), OptionShape.List, section, root, here);
                    break;
                default:
                    // The binder makes a nested object when the default is null, so its members' defaults are a fresh one's.
                    var nested = value ?? Activator.CreateInstance(p.PropertyType)!;
                    foreach (var option in Walk(key, p.PropertyType, section, root, nested, here)) yield return option;
                    break;
            }
        }
    }

    // What the binder fills, in declaration order: public instance properties with a public setter, and get-only
    // objects and collections, which it binds into. A get-only value (FaultOptions.Active) is computed, not configured.
    private static IEnumerable<PropertyInfo> Bindable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true }
                && (p.SetMethod is { IsPublic: true } || Classify(p.PropertyType) != OptionShape.Value))
            .OrderBy(p => p.MetadataToken);

    /// <summary>Value, map or list; null for a nested options class.</summary>
    private static OptionShape? Classify(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(Guid) || t == typeof(Uri))
        {
            return OptionShape.Value;
        }
        if (typeof(IDictionary).IsAssignableFrom(t)) return OptionShape.Map;
        if (typeof(IEnumerable).IsAssignableFrom(t)) return OptionShape.List;
        return null;
    }

    private static Type ItemType(Type collection) =>
        collection.IsArray ? collection.GetElementType()! : collection.GetGenericArguments().Last();
}
