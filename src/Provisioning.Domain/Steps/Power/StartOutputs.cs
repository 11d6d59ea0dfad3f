namespace Provisioning.Domain.Steps.Power;

/// <summary>Whether start-domain <c>started</c> the VM or found it <c>already-running</c>.</summary>
public sealed record StartOutputs(string Domain, string StartedBy);
