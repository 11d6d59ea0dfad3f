namespace Provisioning.Domain.Steps.Power;

/// <summary>A cold reboot: <paramref name="Rebooted"/> is <c>true</c>, or <c>already</c> when a retry found this request's reboot done.</summary>
public sealed record RebootOutputs(string Domain, string Rebooted, string? StoppedBy);
