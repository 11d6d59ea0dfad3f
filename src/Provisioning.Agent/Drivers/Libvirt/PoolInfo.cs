namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>A snapshot of one storage pool. Sizes are 0 while the pool is inactive.</summary>
/// <param name="Path">The pool's target directory, when it has one.</param>
public sealed record PoolInfo(string Name, bool Active, long CapacityBytes, long AllocationBytes, long AvailableBytes, string? Path);
