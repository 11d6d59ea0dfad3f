namespace Provisioning.Engine.Workflows;

/// <summary>Finds the workflows folder: absolute as given, else searched upwards from the app and the working directory.</summary>
public static class WorkflowsDirectory
{
    public static string Resolve(string configured)
    {
        if (Path.IsPathRooted(configured)) return configured;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, configured);
                if (File.Exists(Path.Combine(candidate, WorkflowLoader.SchemaFile))) return candidate;
            }
        }
        throw new WorkflowDefinitionException(configured, "", $"no folder '{configured}' with {WorkflowLoader.SchemaFile} found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}");
    }
}
