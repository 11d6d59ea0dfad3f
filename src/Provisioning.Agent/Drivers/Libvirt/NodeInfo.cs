namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>The hypervisor host's CPUs, memory and CPU model, from <c>virNodeGetInfo</c>.</summary>
public sealed record NodeInfo(int Cpus, long MemoryKiB, string Model);
