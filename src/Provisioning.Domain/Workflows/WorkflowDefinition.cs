namespace Provisioning.Domain.Workflows;

/// <summary>
/// A versioned workflow definition, loaded from <c>workflows/*.json</c>. A request copies the plan it
/// started with into its first event, so edits to the files never change a saga in flight.
/// </summary>
/// <param name="Name">Workflow name, as clients name it (<c>provision-vm</c>).</param>
/// <param name="Version">Definition version.</param>
/// <param name="Description">What it does, for people.</param>
/// <param name="Parameters">Which parameter set the workflow takes (a validator name).</param>
/// <param name="Steps">The steps, in execution order.</param>
public sealed record WorkflowDefinition(
    string Name,
    int Version,
    string Description,
    string Parameters,
    IReadOnlyList<StepPlan> Steps);
