namespace Provisioning.Engine.Pools;

/// <summary>
/// A live lease: the address a request holds in a pool, kept inline by <see cref="AddressLeaseProjection"/> from its
/// <see cref="Domain.Requests.AddressAllocated"/> until its <see cref="Domain.Requests.AddressReleased"/>. A unique index
/// on (<see cref="Pool"/>, <see cref="Address"/>) is what keeps two VMs from one address (<see cref="AddressLeases"/>).
/// </summary>
public sealed class AddressLease
{
    /// <summary>The request that holds it (the one that creates the VM).</summary>
    public Guid Id { get; set; }

    /// <summary>The pool's key (<see cref="Domain.Pools.PoolStreams.KeyOf"/>).</summary>
    public string Pool { get; set; } = "";

    /// <summary>The pool's name as it was defined.</summary>
    public string PoolName { get; set; } = "";

    public string Address { get; set; } = "";

    public string Vm { get; set; } = "";

    public DateTimeOffset AllocatedAt { get; set; }
}
