namespace Provisioning.Engine.Workflows;

/// <summary>A workflow definition file is invalid; the engine refuses to start and says where.</summary>
public sealed class WorkflowDefinitionException(string file, string path, string problem)
    : Exception($"invalid workflow definition {file} at {path}: {problem}")
{
    /// <summary>The file that failed.</summary>
    public string File { get; } = file;

    /// <summary>JSON Pointer of the failing element.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong.</summary>
    public string Problem { get; } = problem;
}
