namespace Provisioning.Domain.Steps.Decommission;

/// <summary>The definition removed; <paramref name="AlreadyGone"/> when an earlier attempt had removed it (then there is no claim).</summary>
public sealed record DeleteDomainOutputs(string Domain, bool AlreadyGone, VmClaimOutputs? Vm);
