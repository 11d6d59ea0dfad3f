namespace Provisioning.Domain.Workflows;

/// <summary>One step of a workflow as the saga will run it, frozen into the request's first event.</summary>
/// <param name="Name">Step name (a <see cref="Steps.StepDefinition"/> of <see cref="Steps.StepCatalog"/>).</param>
/// <param name="Compensation">Name of the undo action (from the step's definition), or <see cref="NoCompensation"/>.</param>
/// <param name="TimeoutSeconds">How long one attempt may run (from its start on the agent) before it counts as timed out.</param>
/// <param name="Retry">Retry policy for execution and compensation.</param>
public sealed record StepPlan(string Name, string Compensation, int TimeoutSeconds, RetryPolicy Retry)
{
    /// <summary>The compensation of a step with nothing to undo, as plans record it.</summary>
    public const string NoCompensation = "none";

    /// <summary>True when this step has something to undo.</summary>
    public bool HasCompensation => !string.Equals(Compensation, NoCompensation, StringComparison.Ordinal);
}
