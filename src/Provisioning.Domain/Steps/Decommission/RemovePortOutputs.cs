namespace Provisioning.Domain.Steps.Decommission;

/// <summary>The NICs (by MAC) taken out of the stopped VM's definition and the OVS ports deleted.</summary>
public sealed record RemovePortOutputs(VmClaimOutputs Vm, IReadOnlyList<string> NicsRemoved, IReadOnlyList<string> PortsRemoved);
