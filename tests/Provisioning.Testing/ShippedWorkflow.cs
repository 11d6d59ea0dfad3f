using System.Text.Json;

namespace Provisioning.Testing;

/// <summary>
/// The step names of a workflow as the repository ships it, read from its file: tests that follow a real request
/// step by step take the plan from here, so adding a step to a workflow is not an edit in every test.
/// </summary>
public static class ShippedWorkflow
{
    public static IReadOnlyList<string> Steps(string workflow)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Workflows, workflow + ".json")));
        return document.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();
    }

    /// <summary>provision-vm's steps, in order.</summary>
    public static IReadOnlyList<string> ProvisionVm => Steps("provision-vm");

    /// <summary>provision-vm's steps that have an undo (all but install-host), in order.</summary>
    public static IReadOnlyList<string> ProvisionVmUndoable => ProvisionVm.Where(s => s != "install-host").ToList();
}
