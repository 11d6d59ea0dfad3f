using JasperFx.Events;
using Marten.Events.Projections;
using Provisioning.Domain.Pools;
using Provisioning.Domain.Requests;

namespace Provisioning.Engine.Pools;

/// <summary>
/// Keeps the <see cref="AddressLease"/> of each request that holds an address, inline, keyed by that request: made by
/// its allocation, gone with its release (in its own stream, or in the stream of the decommission that removed its VM).
/// A second lease of one address fails the transaction that writes it, on the lease's unique index.
/// </summary>
public sealed partial class AddressLeaseProjection : MultiStreamProjection<AddressLease, Guid>
{
    public AddressLeaseProjection()
    {
        Identity<AddressAllocated>(e => e.RequestId);
        Identity<AddressReleased>(e => e.RequestId);
    }

    public override AddressLease? Evolve(AddressLease? snapshot, Guid id, IEvent e) => Next(snapshot, id, e.Data);

    /// <summary>The lease after one event (pure).</summary>
    public static AddressLease? Next(AddressLease? lease, Guid id, object data) => data switch
    {
        AddressAllocated x => new AddressLease
        {
            Id = id, Pool = PoolStreams.KeyOf(x.Pool), PoolName = x.Pool, Address = x.Address, Vm = x.Vm, AllocatedAt = x.At,
        },
        // Only a release of the address held: a stale one (its VM already decommissioned) frees nothing.
        AddressReleased x when lease is not null && lease.Address == x.Address && lease.Pool == PoolStreams.KeyOf(x.Pool) => null,
        _ => lease,
    };
}
