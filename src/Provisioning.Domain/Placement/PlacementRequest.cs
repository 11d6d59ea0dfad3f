using Provisioning.Domain.Images;

namespace Provisioning.Domain.Placement;

/// <summary>What a new VM needs of a host: its size, and the bridge it plugs into (preferred where it exists).</summary>
/// <param name="Image">For a VM built on an image: the hosts that hold it, the only ones it may go to; null for a blank disk.</param>
/// <param name="DiskGiB">The VM's disk, which must be at least as big as its image on the host.</param>
public sealed record PlacementRequest(int MemoryMiB, int Vcpus, string Bridge, ImageAvailability? Image = null, int DiskGiB = 0);
