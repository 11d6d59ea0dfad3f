namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>One storage volume: its name in the pool, its path on the host and its virtual size.</summary>
public sealed record VolumeInfo(string Name, string Path, long CapacityBytes);
