namespace Provisioning.Contracts;

/// <summary>One domain defined on an agent's host, running or not, with what it is sized to use.</summary>
/// <param name="Uuid">The domain's UUID (for a domain Provisioning made, derived from its request id).</param>
/// <param name="Name">The domain's name.</param>
/// <param name="MemoryMiB">Its configured memory ceiling.</param>
/// <param name="Vcpus">Its vCPUs.</param>
/// <param name="Active">It runs (or is paused) now.</param>
public sealed record GuestAllocation(Guid Uuid, string Name, long MemoryMiB, int Vcpus, bool Active);
