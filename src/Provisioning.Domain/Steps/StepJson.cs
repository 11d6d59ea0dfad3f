using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisioning.Domain.Steps;

/// <summary>
/// How step arguments and outputs are written into commands and events (camelCase JSON, enums as camelCase strings),
/// and read back. Reading is lenient on purpose: streams written before steps were typed hold their outputs as a map
/// of strings (<c>"bridgeCreated": "true"</c>, lists joined by ','), and those must still read.
/// </summary>
public static class StepJson
{
    /// <summary>The options every step payload is written and read with.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters =
        {
            new JsonStringEnumConverter(JsonNamingPolicy.CamelCase),
            new LenientBoolean(),
            new LenientList<string>(item => item),
            new LenientList<int>(item => int.Parse(item, NumberStyles.None, CultureInfo.InvariantCulture)),
        },
    };

    /// <summary>
    /// How a command's arguments are written and read: whole (nulls written out), and every field of the record must be
    /// there and non-null where the record says so. An agent never trusts a command, and a missing <c>action</c> must
    /// not read as the enum's first value. (Only outputs of older streams need <see cref="Options"/>' leniency.)
    /// </summary>
    public static JsonSerializerOptions Strict { get; } = new(Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>A value as a JSON element (detached from any document, safe to keep).</summary>
    public static JsonElement Write<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    /// <summary>
    /// A JSON object that says something: null for null, for anything that is not an object, and for <c>{}</c>, which
    /// is how streams of the string-map era recorded "no outputs" (a timeout, a failure).
    /// </summary>
    public static JsonElement? Meaningful(JsonElement? json) =>
        json is { ValueKind: JsonValueKind.Object } o && o.EnumerateObject().Any() ? o : null;

    /// <summary><c>true</c>/<c>false</c>, also as the strings of the wire form.</summary>
    private sealed class LenientBoolean : JsonConverter<bool>
    {
        public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String => reader.GetString() switch
            {
                "true" => true,
                "false" or "" => false,
                var other => throw new JsonException($"'{other}' is not true or false"),
            },
            _ => throw new JsonException($"{reader.TokenType} is not true or false"),
        };

        public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
    }

    /// <summary>A JSON array, or (the wire form of older streams) its items joined by ','.</summary>
    private sealed class LenientList<T>(Func<string, T> parse) : JsonConverter<IReadOnlyList<T>>
    {
        public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                var wire = reader.GetString()!;
                return wire.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToList();
            }
            return JsonSerializer.Deserialize<List<T>>(ref reader, Plain) ?? [];
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToList(), Plain);

        private static readonly JsonSerializerOptions Plain = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowReadingFromString };
    }
}
