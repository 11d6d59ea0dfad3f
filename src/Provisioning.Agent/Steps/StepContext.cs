namespace Provisioning.Agent.Steps;

/// <summary>What a step is asked to do, taken from one <see cref="Contracts.ExecuteStep"/> command.</summary>
/// <param name="PriorOutputs">For compensation: what execution reported (may be empty after a timeout, so steps rely on host markers).</param>
/// <param name="Host">The host this agent serves.</param>
public sealed record StepContext(
    Guid RequestId,
    Guid CommandId,
    int Attempt,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string> PriorOutputs,
    string Actor,
    string? Ticket,
    string Host);
