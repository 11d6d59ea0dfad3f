namespace Provisioning.Benchmarks.Ceilings;

/// <summary>Round-trip reply to the <see cref="Ping"/> with the same id.</summary>
public sealed record Pong(Guid Id);
