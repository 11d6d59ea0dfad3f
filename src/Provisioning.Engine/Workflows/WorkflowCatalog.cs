using Provisioning.Domain.Workflows;

namespace Provisioning.Engine.Workflows;

/// <summary>The workflow definitions loaded and validated at start-up, by name.</summary>
public sealed class WorkflowCatalog(IReadOnlyDictionary<string, WorkflowDefinition> definitions)
{
    /// <summary>All definitions.</summary>
    public IReadOnlyCollection<WorkflowDefinition> All => definitions.Values.ToList();

    /// <summary>The definition of that name, or null.</summary>
    public WorkflowDefinition? Find(string name) => definitions.GetValueOrDefault(name);
}
