using System.Text.Json;
using Provisioning.Contracts;

namespace Provisioning.Agent.Steps;

/// <summary>
/// A step's outcome as the command runner sends it: outputs as the JSON of the step's record and, for an execution,
/// what it made in words (what its definition says would be left should the undo fail).
/// </summary>
public sealed record StepAnswer(bool Succeeded, StepErrorKind? ErrorKind, string? Error, JsonElement? Outputs, IReadOnlyList<string>? Created = null)
{
    /// <summary>A failure that never reached a step's outputs.</summary>
    public static StepAnswer Failed(StepErrorKind kind, string error) => new(false, kind, error, null);

    /// <summary>The answer to a failure.</summary>
    public static StepAnswer Of(StepFailure failure) => Failed(failure.Kind, failure.Error);
}
