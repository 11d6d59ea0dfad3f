namespace Provisioning.Domain.Steps.Decommission;

/// <summary>The VM a decommission step acts on, with the proof of who made it.</summary>
/// <param name="Owner"><c>provisioning</c>, or <c>foreign (forced)</c> for a VM Provisioning did not make.</param>
/// <param name="OriginRequest">The provision-vm request that made the VM (null for a forced foreign VM): the inventory record it removes.</param>
public sealed record VmClaimOutputs(string Domain, Guid DomainUuid, string Owner, Guid? OriginRequest, string? OriginTicket, string? OriginActor);
