using System.Text.Json;
using Provisioning.Contracts;
using Provisioning.Domain.Steps;

namespace Provisioning.Agent.Tests.Support;

/// <summary>Reading a result's outputs as the step's own record.</summary>
public static class Results
{
    /// <summary>What an execution of <paramref name="step"/> reported; fails the test when it reported nothing.</summary>
    public static TOutputs Out<TArguments, TOutputs>(this StepResult result, StepDefinition<TArguments, TOutputs> step)
        where TArguments : class, IStepArguments
        where TOutputs : class =>
        step.ReadOutputs(result.Outputs) ?? throw new Xunit.Sdk.XunitException($"{step.Name} reported no outputs: {result.Error}");

    /// <summary>What an undo reported.</summary>
    public static UndoReport Undo(this StepResult result) =>
        result.Outputs?.Deserialize<UndoReport>(StepJson.Options) ?? throw new Xunit.Sdk.XunitException($"the undo reported nothing: {result.Error}");
}
