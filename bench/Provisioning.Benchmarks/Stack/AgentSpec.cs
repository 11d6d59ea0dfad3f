namespace Provisioning.Benchmarks.Stack;

/// <summary>
/// One agent of a benchmark stack: its host name, libvirt URI, and the prefix it puts before bridge and network
/// names (so that several agents on this one machine each have bridges of their own).
/// </summary>
public sealed record AgentSpec(string HostName, string LibvirtUri, string BridgeNamePrefix);
