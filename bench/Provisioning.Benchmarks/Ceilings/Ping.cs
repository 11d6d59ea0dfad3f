namespace Provisioning.Benchmarks.Ceilings;

/// <summary>Round-trip request; <paramref name="Id"/> names the caller waiting for its <see cref="Pong"/>.</summary>
public sealed record Ping(Guid Id);
