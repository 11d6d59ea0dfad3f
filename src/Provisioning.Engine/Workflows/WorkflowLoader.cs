using System.Text.Json;
using Json.Schema;
using Provisioning.Domain.Steps;
using Provisioning.Domain.Workflows;

namespace Provisioning.Engine.Workflows;

/// <summary>
/// Loads <c>*.json</c> definitions beside <c>workflow.schema.json</c>: JSON Schema first, then the rules a
/// schema cannot say (unique step names, steps of <see cref="StepCatalog"/>, checked first). A file orders steps and sets their
/// timeouts and retries; what a step does and how it is undone are its definition's, so a file that states a
/// compensation is refused. Any failure names the file and the JSON Pointer of the bad element.
/// </summary>
public static partial class WorkflowLoader
{
    public const string SchemaFile = "workflow.schema.json";

    /// <summary>Loads every definition in <paramref name="directory"/>.</summary>
    public static WorkflowCatalog LoadDirectory(string directory)
    {
        var schemaPath = Path.Combine(directory, SchemaFile);
        if (!File.Exists(schemaPath)) throw new WorkflowDefinitionException(schemaPath, "", "schema file not found");
        JsonSchema schema;
        try
        {
            // A private registry: the global one refuses a second schema with the same $id, and hosts
            // (and tests) may load the folder more than once per process.
            schema = JsonSchema.FromText(WithCatalogSteps(File.ReadAllText(schemaPath)), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception e) when (e is JsonException or JsonSchemaException)
        {
            throw new WorkflowDefinitionException(schemaPath, "", $"the schema itself is invalid: {e.Message}");
        }
        var definitions = new Dictionary<string, WorkflowDefinition>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory, "*.json").Where(f => Path.GetFileName(f) != SchemaFile).Order(StringComparer.Ordinal))
        {
            var definition = Load(file, File.ReadAllText(file), schema);
            if (!definitions.TryAdd(definition.Name, definition))
            {
                throw new WorkflowDefinitionException(file, "/name", $"workflow '{definition.Name}' is defined twice");
            }
        }
        return new WorkflowCatalog(definitions);
    }

    /// <summary>
    /// The schema file with its step list taken from <see cref="StepCatalog"/>: the file states the shape of a step, the
    /// catalog which steps there are, so a new step needs no edit here. (Editors that read the file see any name allowed;
    /// the loader, with the list, refuses an unknown one, naming the known ones.)
    /// </summary>
    public static string WithCatalogSteps(string schemaJson)
    {
        var schema = System.Text.Json.Nodes.JsonNode.Parse(schemaJson)!.AsObject();
        if (schema["$defs"]?["step"]?["properties"]?["name"] is System.Text.Json.Nodes.JsonObject name)
        {
            name["enum"] = new System.Text.Json.Nodes.JsonArray([.. StepCatalog.All.Select(s => System.Text.Json.Nodes.JsonValue.Create(s.Name))]);
        }
        return schema.ToJsonString();
    }

    /// <summary>Validates and parses one definition's text.</summary>
    public static WorkflowDefinition Load(string file, string json, JsonSchema schema)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new WorkflowDefinitionException(file, $"line {e.LineNumber + 1}", $"not valid JSON: {e.Message}");
        }

        using var _ = document;
        CheckSteps(file, document.RootElement);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var failure = (result.Details ?? []).FirstOrDefault(d => d.Errors is { Count: > 0 }) ?? result;
            var message = failure.Errors is { Count: > 0 } errors ? string.Join("; ", errors.Values) : "does not match the schema";
            throw new WorkflowDefinitionException(file, PointerOf(failure), message);
        }

        var parsed = document.RootElement.Deserialize(WorkflowJson.Default.WorkflowDocument)!;
        CheckRules(file, parsed);
        return parsed.ToDefinition();
    }

    /// <summary>
    /// The JSON Pointer of a schema failure; for a missing required property, the property's own
    /// pointer (<c>/steps</c>), which says more than the object that lacks it.
    /// </summary>
    private static string PointerOf(EvaluationResults failure)
    {
        var pointer = failure.InstanceLocation.ToString();
        if (failure.Errors is { } errors && errors.TryGetValue("required", out var required)
            && MissingProperty().Match(required) is { Success: true } missing)
        {
            return $"{pointer}/{missing.Groups[1].Value}";
        }
        return pointer.Length == 0 ? "/" : pointer;
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex MissingProperty();

    /// <summary>
    /// What the step catalog decides, checked before the schema so the refusal says it in words: every step is one the
    /// catalog knows, and no step states its undo. Files of the time when the JSON repeated each step's undo are told
    /// which undo the step's definition fixes, rather than failing the schema with a bare "additional property".
    /// </summary>
    private static void CheckSteps(string file, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("steps", out var steps) || steps.ValueKind != JsonValueKind.Array) return;
        var i = 0;
        foreach (var step in steps.EnumerateArray())
        {
            var name = step.ValueKind == JsonValueKind.Object && step.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var definition = name is null ? null : StepCatalog.Find(name);
            if (name is not null && definition is null)
            {
                throw new WorkflowDefinitionException(file, $"/steps/{i}/name",
                    $"no agent knows a step named '{name}' (known: {string.Join(", ", StepCatalog.All.Select(s => s.Name))})");
            }
            if (step.ValueKind == JsonValueKind.Object && step.TryGetProperty("compensation", out var stated))
            {
                var undo = definition is null ? "fixed by the step's definition" : $"'{definition.CompensationName}', fixed by the step's definition";
                throw new WorkflowDefinitionException(file, $"/steps/{i}/compensation",
                    $"a workflow does not choose a step's undo (step '{name}' states '{stated}'; its undo is {undo}): remove the property");
            }
            i++;
        }
    }

    private static void CheckRules(string file, WorkflowDocument definition)
    {
        if (!ParameterSets.All.Contains(definition.Parameters))
        {
            throw new WorkflowDefinitionException(file, "/parameters", $"unknown parameter set '{definition.Parameters}'");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i];
            if (!seen.Add(step.Name)) throw new WorkflowDefinitionException(file, $"/steps/{i}/name", $"step '{step.Name}' appears twice");
            if (step.Retry is { } retry && retry.MaxDelaySeconds < retry.InitialDelaySeconds)
            {
                throw new WorkflowDefinitionException(file, $"/steps/{i}/retry/maxDelaySeconds", "must not be below initialDelaySeconds");
            }
        }
    }
}
