using System.Text.Json;
using Json.Schema;
using Provisioning.Domain.Workflows;

namespace Provisioning.Engine.Workflows;

/// <summary>
/// Loads <c>*.json</c> definitions beside <c>workflow.schema.json</c>: JSON Schema first, then the rules a
/// schema cannot say (unique step names, steps an agent knows, the compensation each step must name).
/// Any failure names the file and the JSON Pointer of the bad element.
/// </summary>
public static class WorkflowLoader
{
    public const string SchemaFile = "workflow.schema.json";

    /// <summary>Loads every definition in <paramref name="directory"/>.</summary>
    public static WorkflowCatalog LoadDirectory(string directory)
    {
        var schemaPath = Path.Combine(directory, SchemaFile);
        if (!File.Exists(schemaPath)) throw new WorkflowDefinitionException(schemaPath, "", "schema file not found");
        var schema = JsonSchema.FromText(File.ReadAllText(schemaPath));
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
            var pointer = failure.InstanceLocation.ToString();
            throw new WorkflowDefinitionException(file, pointer.Length == 0 ? "/" : pointer, message);
        }

        var definition = document.RootElement.Deserialize(WorkflowJson.Default.WorkflowDocument)!.ToDefinition();
        CheckRules(file, definition);
        return definition;
    }

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
