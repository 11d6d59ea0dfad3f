namespace Provisioning.Domain.Placement;

/// <summary>
/// A host's room for guests: its limits, what its guests and the reservations of requests in flight take,
/// and what is left (never below zero).
/// </summary>
/// <param name="MemoryLimitMiB">Memory placement may hand out on this host in all.</param>
/// <param name="GuestMemoryMiB">Memory of the domains the host reported.</param>
/// <param name="ReservedMemoryMiB">Memory held for requests in flight whose domain the host has not reported yet.</param>
/// <param name="InFlight">How many such reservations count.</param>
public sealed record HostRoom(
    long MemoryLimitMiB,
    long GuestMemoryMiB,
    long ReservedMemoryMiB,
    long FreeMemoryMiB,
    int VcpuLimit,
    int GuestVcpus,
    int ReservedVcpus,
    int FreeVcpus,
    int Guests,
    int InFlight);
