namespace Provisioning.Domain.Workflows;

/// <summary>One step of a workflow as the saga will run it.</summary>
/// <param name="Name">Step name (an agent knows how to run it).</param>
/// <param name="Compensation">Name of the undo action, or <c>none</c>.</param>
/// <param name="TimeoutSeconds">How long one attempt may take before it counts as timed out.</param>
/// <param name="Retry">Retry policy for execution and compensation.</param>
public sealed record StepPlan(string Name, string Compensation, int TimeoutSeconds, RetryPolicy Retry)
{
    /// <summary>True when this step has something to undo.</summary>
    public bool HasCompensation => !string.Equals(Compensation, "none", StringComparison.Ordinal);
}
