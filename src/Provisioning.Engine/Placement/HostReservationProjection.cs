using JasperFx.Events;
using Marten.Events.Aggregation;
using Provisioning.Domain.Requests;
using Provisioning.Domain.Vm;
using Provisioning.Engine.Fleet;

namespace Provisioning.Engine.Placement;

/// <summary>
/// Keeps a VM request's <see cref="HostReservation"/> inline with its events: taken when it is submitted on a host
/// (named, or chosen: <see cref="HostPlaced"/>), settled when it succeeds, gone when it ends any other way (its room is
/// free again at once). The submission holds the placement lock until it commits, so a placement after it sees it.
/// </summary>
public sealed partial class HostReservationProjection : SingleStreamProjection<HostReservation, Guid>
{
    public HostReservationProjection()
    {
        IncludeType<RequestSubmitted>();
        IncludeType<HostPlaced>();
        foreach (var ended in IRequestEnded.EventTypes) IncludeType(ended);
    }

    public override HostReservation? Evolve(HostReservation? snapshot, Guid id, IEvent e) => Next(snapshot, e.Data);

    /// <summary>The reservation after one event (pure).</summary>
    public static HostReservation? Next(HostReservation? reservation, object data) => (reservation, data) switch
    {
        (null, RequestSubmitted s) when s.Host.Length > 0 && SubmittedParameters.Of(s) is VmSpec vm => new HostReservation
        {
            Id = s.RequestId, Host = HostRecord.IdOf(s.Host), MemoryMiB = vm.MemoryMiB, Vcpus = vm.Vcpus, ReservedAt = s.SubmittedAt,
        },
        (null, _) => null,
        (_, HostPlaced) => Copy(reservation, r => r.Placed = true),
        // The host's clock, as on its heartbeats: a report read after this instant shows the domain.
        (_, RequestSucceeded x) => Copy(reservation, r => r.SettledAt = x.FinishedOnHostAt ?? x.At),
        (_, IRequestEnded) => null,
        _ => reservation,
    };

    // Marten may hand the same instance to the identity map: never edit a snapshot in place.
    private static HostReservation Copy(HostReservation r, Action<HostReservation> change)
    {
        var copy = new HostReservation
        {
            Id = r.Id, Host = r.Host, MemoryMiB = r.MemoryMiB, Vcpus = r.Vcpus, ReservedAt = r.ReservedAt, Placed = r.Placed, SettledAt = r.SettledAt,
        };
        change(copy);
        return copy;
    }
}
