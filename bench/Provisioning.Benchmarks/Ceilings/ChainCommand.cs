namespace Provisioning.Benchmarks.Ceilings;

/// <summary>
/// The engine's "next command" for chain <paramref name="ChainId"/>, after it appended event <paramref name="Seq"/>.
/// <paramref name="AgentSentAt"/> is the <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the agent
/// sent the result that led here (one process, so one clock).
/// </summary>
public sealed record ChainCommand(Guid ChainId, Guid StreamId, int Seq, long AgentSentAt);
