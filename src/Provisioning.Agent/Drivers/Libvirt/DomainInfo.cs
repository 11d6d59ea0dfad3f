namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>A snapshot of one libvirt domain as it was when looked up.</summary>
/// <param name="Active">Running, paused or otherwise holding a QEMU process.</param>
/// <param name="Persistent">Has a definition that survives stopping (false for transient domains).</param>
/// <param name="MaxMemoryKiB">The configured memory ceiling.</param>
public sealed record DomainInfo(string Name, Guid Uuid, DomainState State, bool Active, bool Persistent, long MaxMemoryKiB, int Vcpus);
