namespace Provisioning.Domain.Placement;

/// <summary>
/// Room held on a host for a provision-vm request, from its submission until the host's own report shows
/// the request's domain (or the request ends without one).
/// </summary>
/// <param name="Host">The host name (any case).</param>
/// <param name="SettledAt">
/// For a request that succeeded: when its last step finished on the host (the agent's clock). A report
/// read after that shows the domain if it still exists, so the reservation no longer counts.
/// </param>
public sealed record PlacementReservation(Guid RequestId, string Host, int MemoryMiB, int Vcpus, DateTimeOffset? SettledAt = null);
