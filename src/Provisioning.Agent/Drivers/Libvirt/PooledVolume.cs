namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>A storage volume with the name of the pool that holds it.</summary>
public sealed record PooledVolume(string Pool, VolumeInfo Volume);
