namespace Provisioning.Benchmarks.Report;

/// <summary>One of the targets against what this run measured.</summary>
public sealed record TargetCheck(string Target, string Measured, bool Met);
