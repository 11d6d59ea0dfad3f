namespace Provisioning.Domain.Steps.Power;

/// <summary>How the VM came to be shut off: <c>already-off</c>, <c>acpi</c> or <c>destroyed</c> (after the grace period).</summary>
public sealed record StopOutputs(string Domain, string StoppedBy, int GraceSeconds);
