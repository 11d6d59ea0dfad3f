namespace Provisioning.Contracts;

/// <summary>An agent took a command and began work on it (progress for long steps).</summary>
/// <param name="CommandId">The command being worked on.</param>
/// <param name="RequestId">The request it belongs to.</param>
/// <param name="Step">Step name.</param>
/// <param name="Mode">Execute or compensate.</param>
/// <param name="Attempt">Attempt number.</param>
/// <param name="Host">Agent host.</param>
/// <param name="StartedAt">When work began.</param>
public sealed record StepStarted(
    Guid CommandId,
    Guid RequestId,
    string Step,
    StepMode Mode,
    int Attempt,
    string Host,
    DateTimeOffset StartedAt);
