using Provisioning.Contracts;

namespace Provisioning.Agent.Steps;

/// <summary>How a step (or its undo) ended, and what it reports when it succeeded.</summary>
public sealed record StepOutcome<TOutputs>(bool Succeeded, StepErrorKind? ErrorKind, string? Error, TOutputs? Outputs)
    where TOutputs : class
{
    /// <summary>A failure is an outcome of any step.</summary>
    public static implicit operator StepOutcome<TOutputs>(StepFailure failure) => new(false, failure.Kind, failure.Error, null);
}

/// <summary>A failure, before it is known which step's outcome it is.</summary>
public sealed record StepFailure(StepErrorKind Kind, string Error);

/// <summary>The outcomes a step returns.</summary>
public static class StepOutcome
{
    /// <summary>The effect is in place; <paramref name="outputs"/> says what it is.</summary>
    public static StepOutcome<TOutputs> Ok<TOutputs>(TOutputs outputs) where TOutputs : class => new(true, null, null, outputs);

    /// <summary>May heal by itself: the engine retries within the step's policy.</summary>
    public static StepFailure Transient(string error) => new(StepErrorKind.Transient, error);

    /// <summary>Retrying cannot help (bad input, a foreign resource in the way, bad credentials).</summary>
    public static StepFailure Permanent(string error) => new(StepErrorKind.Permanent, error);
}
