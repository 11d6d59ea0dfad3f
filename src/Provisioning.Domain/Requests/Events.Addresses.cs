namespace Provisioning.Domain.Requests;

// The events of a VM request that takes its address from a pool: its lease, from submission until the request ends
// without a VM or the VM is decommissioned. Appended to the request's stream (a release by a decommission to the
// decommission's), each naming the request that holds the address.

/// <summary>
/// The request holds <paramref name="Address"/> of <paramref name="Pool"/> from now on; written into its parameters
/// (ipv4, gateway, dns) right after <see cref="RequestSubmitted"/> (and <see cref="HostPlaced"/>).
/// </summary>
/// <param name="Pool">The pool's name as it was defined.</param>
/// <param name="RequestId">The request that holds the address (this stream's).</param>
/// <param name="Vm">The VM's name.</param>
/// <param name="Reason">Why this address, in words.</param>
public sealed record AddressAllocated(string Pool, string Address, Guid RequestId, string Vm, string Reason, DateTimeOffset At);

/// <summary>
/// The request gets no address: <paramref name="Reason"/> says why, naming the parameter at fault
/// (<paramref name="Field"/>: pool, address, bridge or vlan). A <see cref="RequestFailed"/> follows at once.
/// </summary>
public sealed record AddressRefused(string Reason, string Field, string? Pool, DateTimeOffset At);

/// <summary>
/// The address <paramref name="RequestId"/> held is free again: that request ended without a VM (rolled back, failed,
/// cancelled), or its VM was decommissioned (then this is in the decommission's stream).
/// </summary>
public sealed record AddressReleased(string Pool, string Address, Guid RequestId, string Reason, DateTimeOffset At);
