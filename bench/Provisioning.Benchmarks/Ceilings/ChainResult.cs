namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// An echo agent's "step result" for chain <paramref name="ChainId"/>: the engine appends event
/// <paramref name="Seq"/> to stream <paramref name="StreamId"/> (the request) and sends the next command.
/// <paramref name="AgentSentAt"/> is the <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the agent sent it.
/// </summary>
public sealed record ChainResult(Guid ChainId, Guid StreamId, int Seq, long AgentSentAt);
