namespace Provisioning.Agent.Steps;

/// <summary>What a step is asked to do, taken from one <see cref="Contracts.ExecuteStep"/> command and checked.</summary>
/// <param name="Arguments">The step's arguments, checked against its rules (and with the agent's bridge prefix applied).</param>
/// <param name="Host">The host this agent serves.</param>
public sealed record StepContext<TArguments>(
    Guid RequestId,
    Guid CommandId,
    int Attempt,
    TArguments Arguments,
    string Actor,
    string? Ticket,
    string Host);
