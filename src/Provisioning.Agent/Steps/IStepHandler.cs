using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Steps;

/// <summary>A registered step, untyped for the command runner: it reads and checks the arguments, runs the step, writes its outputs.</summary>
public interface IStepHandler
{
    /// <summary>The step it runs.</summary>
    StepDefinition Definition { get; }

    /// <summary>Runs one call; a step's own failures are answers, exceptions are the runner's to classify.</summary>
    Task<StepAnswer> RunAsync(StepCall call, CancellationToken ct);
}
