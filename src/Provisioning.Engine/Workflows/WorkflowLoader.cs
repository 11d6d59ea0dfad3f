using System.Text.Json;
using Json.Schema;
using Provisioning.Domain.Workflows;

namespace Provisioning.Engine.Workflows;

/// <summary>
/// Loads <c>*.json</c> definitions beside <c>workflow.schema.json</c>: JSON Schema first, then the rules a
/// schema cannot say (unique step names, steps an agent knows, the compensation each step must name).
/// Any failure names the file and the JSON Pointer of the bad element.
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
            schema = JsonSchema.FromText(File.ReadAllText(schemaPath), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
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
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var failure = (result.Details ?? []).FirstOrDefault(d => d.Errors is { Count: > 0 }) ?? result;
            var message = failure.Errors is { Count: > 0 } errors ? string.Join("; ", errors.Values) : "does not match the schema";
            throw new WorkflowDefinitionException(file, PointerOf(failure), message);
        }

        var definition = document.RootElement.Deserialize(WorkflowJson.Default.WorkflowDocument)!.ToDefinition();
        CheckRules(file, definition);
        return definition;
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

    private static void CheckRules(string file, WorkflowDefinition definition)
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
            var compensation = StepCatalog.CompensationOf(step.Name)
                ?? throw new WorkflowDefinitionException(file, $"/steps/{i}/name", $"no agent knows a step named '{step.Name}' (known: {string.Join(", ", StepCatalog.Steps)})");
            if (step.Compensation != compensation)
            {
                throw new WorkflowDefinitionException(file, $"/steps/{i}/compensation", $"step '{step.Name}' is undone by '{compensation}', not '{step.Compensation}'");
            }
            if (step.Retry.MaxDelaySeconds < step.Retry.InitialDelaySeconds)
            {
                throw new WorkflowDefinitionException(file, $"/steps/{i}/retry/maxDelaySeconds", "must not be below initialDelaySeconds");
            }
        }
    }
}
