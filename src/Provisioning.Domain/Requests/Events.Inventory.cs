namespace Provisioning.Domain.Requests;

// The events of a request that acts on a VM another request made (parameter set decommission-vm): what its end means
// for the VM inventory. Decided with the request's end, in the same decision.

/// <summary>
/// The request succeeded, so the VM <paramref name="Name"/> on <paramref name="Host"/> is gone for good. Right before
/// <see cref="RequestSucceeded"/>.
/// </summary>
/// <param name="VmRequestId">The request that created the VM (the inventory's key); null for a VM Provisioning did not make (forced).</param>
/// <param name="Actor">Who asked (the decommission's submitter).</param>
public sealed record VmDecommissioned(Guid? VmRequestId, string Name, string Host, string Actor, DateTimeOffset At);
