using Provisioning.Testing;
using System.Text.Json.Nodes;
using Provisioning.Engine.Workflows;

namespace Provisioning.Engine.Tests.Support;

/// <summary>
/// A throw-away workflows folder holding a copy of the shipped schema, for definitions a test
/// breaks on purpose. Starts from the shipped provision-vm definition so each test changes one thing.
/// </summary>
public sealed class TempWorkflows : IDisposable
{
    public TempWorkflows()
    {
        Directory = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "wf-tests-" + Guid.NewGuid().ToString("N"))).FullName;
        File.Copy(Path.Combine(RepoPaths.Workflows, WorkflowLoader.SchemaFile), Path.Combine(Directory, WorkflowLoader.SchemaFile));
    }

    public string Directory { get; }

    /// <summary>The shipped provision-vm definition, to be edited.</summary>
    public static JsonObject ShippedProvisionVm() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Workflows, "provision-vm.json")))!.AsObject();

    public string Write(string fileName, JsonNode document) => Write(fileName, document.ToJsonString());

    public string Write(string fileName, string text)
    {
        var path = Path.Combine(Directory, fileName);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Loads the folder and returns the refusal (fails the test when it loads).</summary>
    public WorkflowDefinitionException Refusal() =>
        Assert.Throws<WorkflowDefinitionException>(() => WorkflowLoader.LoadDirectory(Directory));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over cleanup.
        }
    }
}
