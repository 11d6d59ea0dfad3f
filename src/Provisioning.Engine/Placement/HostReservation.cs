namespace Provisioning.Engine.Placement;

/// <summary>
/// Room a VM request holds on its host, from its submission (in the submission's transaction, under the placement
/// lock) until the host reports the request's domain or the request ends without one. Settled (not deleted) with the
/// request's success, deleted with any other end: kept by <see cref="HostReservationProjection"/>.
/// </summary>
public sealed class HostReservation
{
    /// <summary>The request id.</summary>
    public Guid Id { get; set; }

    /// <summary>The host name in lower case (<see cref="Fleet.HostRecord.IdOf"/>).</summary>
    public string Host { get; set; } = "";

    public int MemoryMiB { get; set; }

    public int Vcpus { get; set; }

    /// <summary>When it was taken (the engine's clock).</summary>
    public DateTimeOffset ReservedAt { get; set; }

    /// <summary>True when the engine chose the host; false when the request named it.</summary>
    public bool Placed { get; set; }

    /// <summary>For a request that succeeded: when its last step finished on the host (the agent's clock).</summary>
    public DateTimeOffset? SettledAt { get; set; }
}
