namespace Provisioning.Domain.Steps.Guests;

/// <summary>The domain runs; <paramref name="Port"/> is its OVS port (none on the test driver, which makes no ports).</summary>
/// <param name="Addresses">The guest's IPv4 addresses as its guest agent reported them; null when no guest was awaited.</param>
/// <param name="ReadyAt">When the awaited guest answered with its address.</param>
/// <param name="ReadySeconds">From the domain's start to that answer: the guest's own boot time.</param>
public sealed record BootOutputs(bool DomainStarted, string? Port, IReadOnlyList<string>? Addresses = null, DateTimeOffset? ReadyAt = null, double? ReadySeconds = null);
