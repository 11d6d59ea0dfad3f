namespace Provisioning.Domain.Steps.Guests;

/// <summary>The NIC attach-port put in the domain's persistent definition.</summary>
public sealed record PortOutputs(bool InterfaceAdded, string Mac, string Network, string Portgroup);
