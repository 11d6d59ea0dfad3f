namespace Provisioning.Domain.Steps.Guests;

/// <summary>The domain runs; <paramref name="Port"/> is its OVS port (none on the test driver, which makes no ports).</summary>
public sealed record BootOutputs(bool DomainStarted, string? Port);
