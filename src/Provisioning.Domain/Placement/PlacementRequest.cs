namespace Provisioning.Domain.Placement;

/// <summary>What a new VM needs of a host: its size, and the bridge it plugs into (preferred where it exists).</summary>
public sealed record PlacementRequest(int MemoryMiB, int Vcpus, string Bridge);
