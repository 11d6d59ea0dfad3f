using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Steps;

/// <summary>
/// An agent's implementation of one <see cref="StepDefinition{TArguments, TOutputs}"/> (or of several with the same
/// records: create-bridge is a create-switch). Both directions are idempotent against the real host: they look at
/// what is there before acting, so a retry or a redelivery changes nothing that is already right and reports the same
/// outputs. Registered with one line in <see cref="AgentSteps"/>.
/// </summary>
public interface IStep<TArguments, TOutputs>
    where TArguments : class, IStepArguments
    where TOutputs : class
{
    /// <summary>Makes the step's effect true on this host.</summary>
    Task<StepOutcome<TOutputs>> ExecuteAsync(StepContext<TArguments> context, CancellationToken ct);

    /// <summary>
    /// Undoes what this request's execution created, and nothing else. <paramref name="executed"/> is what the execution
    /// reported, or null when nothing is known (a timeout): steps rely on what the host itself records first.
    /// </summary>
    Task<StepOutcome<UndoReport>> CompensateAsync(StepContext<TArguments> context, TOutputs? executed, CancellationToken ct);
}
