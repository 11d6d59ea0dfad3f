using Provisioning.Contracts;

namespace Provisioning.Agent.Steps;

/// <summary>A step decided it cannot go on; <see cref="Kind"/> says whether a retry may help.</summary>
public sealed class StepFailedException : Exception
{
    public StepFailedException(StepErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public StepErrorKind Kind { get; }

    public static StepFailedException Permanent(string message) => new(StepErrorKind.Permanent, message);

    public static StepFailedException Transient(string message) => new(StepErrorKind.Transient, message);
}
