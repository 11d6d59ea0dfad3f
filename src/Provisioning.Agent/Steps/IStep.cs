namespace Provisioning.Agent.Steps;

/// <summary>
/// One step an agent knows, with its compensation. Both directions are idempotent against the
/// real host: they look at what is there before acting, so a retry or a redelivery changes nothing
/// that is already right and reports the same outputs.
/// </summary>
public interface IStep
{
    /// <summary>The step's name in workflow definitions (<see cref="Domain.Workflows.StepCatalog"/>).</summary>
    string Name { get; }

    /// <summary>Makes the step's effect true on this host.</summary>
    Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken ct);

    /// <summary>Undoes what this request's execution created, and nothing else.</summary>
    Task<StepOutcome> CompensateAsync(StepContext context, CancellationToken ct);
}
