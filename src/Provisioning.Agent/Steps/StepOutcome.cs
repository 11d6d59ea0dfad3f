using Provisioning.Contracts;

namespace Provisioning.Agent.Steps;

/// <summary>How a step (or its compensation) ended, and the facts it reports.</summary>
public sealed record StepOutcome(bool Succeeded, StepErrorKind? ErrorKind, string? Error, IReadOnlyDictionary<string, string> Outputs)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static StepOutcome Ok(IReadOnlyDictionary<string, string>? outputs = null) => new(true, null, null, outputs ?? None);

    /// <summary>May heal by itself: the engine retries within the step's policy.</summary>
    public static StepOutcome Transient(string error, IReadOnlyDictionary<string, string>? outputs = null) =>
        new(false, StepErrorKind.Transient, error, outputs ?? None);

    /// <summary>Retrying cannot help (bad input, a foreign resource in the way, bad credentials).</summary>
    public static StepOutcome Permanent(string error, IReadOnlyDictionary<string, string>? outputs = null) =>
        new(false, StepErrorKind.Permanent, error, outputs ?? None);
}
