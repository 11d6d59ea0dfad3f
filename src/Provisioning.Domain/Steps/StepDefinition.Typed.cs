using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioning.Domain.Steps;

/// <summary>A step with its typed arguments and outputs (see <see cref="StepDefinition"/>).</summary>
/// <param name="name">The step's name.</param>
/// <param name="compensation">Its undo's name, or null for a step with nothing to undo.</param>
/// <param name="arguments">The step's arguments from a request's wire parameters; throws <see cref="ArgumentException"/> for parameters its rules refuse.</param>
/// <param name="leftovers">What it leaves when its undo fails, from its arguments and (when known) its outputs; a step with nothing to undo needs none.</param>
/// <param name="upcastOutputs">Turns outputs recorded in an older shape into the current one (applied before they are read).</param>
public sealed class StepDefinition<TArguments, TOutputs>(
    string name,
    string? compensation,
    Func<IReadOnlyDictionary<string, string>, TArguments> arguments,
    Func<TArguments, TOutputs?, string, IEnumerable<string>>? leftovers = null,
    Func<JsonObject, JsonObject>? upcastOutputs = null) : StepDefinition(name, compensation)
    where TArguments : class, IStepArguments
    where TOutputs : class
{
    public override Type ArgumentsType => typeof(TArguments);

    public override Type OutputsType => typeof(TOutputs);

    /// <summary>The typed arguments for a request's wire parameters.</summary>
    public TArguments ArgumentsFrom(IReadOnlyDictionary<string, string> requestParameters) => arguments(requestParameters);

    public override JsonElement ArgumentsFor(IReadOnlyDictionary<string, string> requestParameters)
    {
        try
        {
            return Write(arguments(requestParameters));
        }
        catch (ArgumentException)
        {
            return StepJson.Write(requestParameters);
        }
    }

    /// <summary>The arguments a command carries; throws <see cref="JsonException"/> when they are not this step's shape.</summary>
    public TArguments ReadArguments(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object
            ? json.Deserialize<TArguments>(StepJson.Strict) ?? throw new JsonException($"{Name} has no arguments")
            : throw new JsonException($"{Name} takes an object of arguments, not {json.ValueKind}");

    /// <summary>What an execution reported, or null when nothing is known (no outputs, or the <c>{}</c> of older streams).</summary>
    public TOutputs? ReadOutputs(JsonElement? json)
    {
        if (StepJson.Meaningful(json) is not { } known) return null;
        if (upcastOutputs is null) return known.Deserialize<TOutputs>(StepJson.Options);
        var upcast = upcastOutputs(JsonNode.Parse(known.GetRawText())!.AsObject());
        return upcast.Deserialize<TOutputs>(StepJson.Options);
    }

    /// <summary>The arguments as a command carries them.</summary>
    public JsonElement Write(TArguments value) => JsonSerializer.SerializeToElement(value, StepJson.Strict);

    /// <summary>The outputs as a result and the events carry them.</summary>
    public JsonElement Write(TOutputs value) => StepJson.Write(value);

    /// <summary>True when the definition says what the step leaves behind (a step with nothing to undo need not).</summary>
    public bool SaysWhatItLeaves => leftovers is not null;

    /// <summary>What the step leaves behind, typed (see <see cref="StepDefinition.Leftovers(JsonElement, JsonElement?, string)"/>).</summary>
    public IReadOnlyList<string> Leftovers(TArguments args, TOutputs? outputs, string host) =>
        leftovers is null ? [$"effects of {Name} on {host}"] : leftovers(args, outputs, host).ToList();

    public override IReadOnlyList<string> Leftovers(JsonElement arguments, JsonElement? outputs, string host)
    {
        try
        {
            return Leftovers(ReadArguments(arguments), ReadOutputs(outputs), host);
        }
        catch (JsonException)
        {
            return [$"effects of {Name} on {host}"];
        }
    }
}
