using System.Text.Json.Nodes;
using Provisioning.Domain.Steps;
using Provisioning.Engine.Workflows;
using Provisioning.Testing;

namespace Provisioning.Engine.Tests.Workflows;

/// <summary>The schema the loader validates with takes its list of steps from the step catalog: no list is kept by hand.</summary>
public sealed class CatalogSchemaTests
{
    [Fact]
    public void the_schema_the_loader_validates_with_lists_exactly_the_catalogs_steps()
    {
        var file = File.ReadAllText(Path.Combine(RepoPaths.Workflows, WorkflowLoader.SchemaFile));

        var schema = JsonNode.Parse(WorkflowLoader.WithCatalogSteps(file))!;
        var listed = schema["$defs"]!["step"]!["properties"]!["name"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());

        Assert.Equal(StepCatalog.All.Select(s => s.Name).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Null(JsonNode.Parse(file)!["$defs"]!["step"]!["properties"]!["name"]!["enum"]);
    }
}
