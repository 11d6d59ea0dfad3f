namespace Provisioning.Contracts;

/// <summary>How a failed step may be treated by the engine.</summary>
public enum StepErrorKind
{
    /// <summary>May heal by itself: retried within the step's retry policy.</summary>
    Transient,

    /// <summary>Cannot heal by retrying (bad input, foreign resource, no capacity, bad credentials): fails at once.</summary>
    Permanent,
}
