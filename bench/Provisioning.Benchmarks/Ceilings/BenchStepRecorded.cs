namespace Provisioning.Benchmarks.Ceilings;

/// <summary>The one event the loops append: about the size of a real step event.</summary>
public sealed record BenchStepRecorded(Guid CommandId, int Seq, string Step, string Host, DateTimeOffset At);
