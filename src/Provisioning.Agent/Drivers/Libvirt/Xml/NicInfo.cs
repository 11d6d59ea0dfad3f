namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>One NIC of a domain definition.</summary>
/// <param name="Mac">Its MAC address, lower case; null when libvirt has not assigned one.</param>
/// <param name="InterfaceId">The Open vSwitch <c>interfaceid</c> of its virtualport (libvirt's <c>iface-id</c>), if any.</param>
public sealed record NicInfo(string? Mac, string? InterfaceId);
