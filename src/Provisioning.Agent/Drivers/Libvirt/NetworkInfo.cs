namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>A snapshot of one libvirt virtual network as it was when looked up.</summary>
public sealed record NetworkInfo(string Name, Guid Uuid, bool Active, bool Persistent, bool Autostart);
