namespace Provisioning.Domain.Placement;

/// <summary>One domain a host reported, with what it is sized to use.</summary>
/// <param name="Uuid">The domain's UUID: for a domain Provisioning made, derived from its request id.</param>
public sealed record PlacementGuest(Guid Uuid, long MemoryMiB, int Vcpus);
