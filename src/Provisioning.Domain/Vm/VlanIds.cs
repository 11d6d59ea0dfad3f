namespace Provisioning.Domain.Vm;

/// <summary>
/// The VLAN ids a request may name, in one place for the request rules and the step arguments. 802.1Q reserves 0 and
/// 4095; of the rest, <see cref="Native"/> is kept back for the hosts: an untagged VM port is an access port on it (an
/// OVS port with neither tag nor trunks would carry every VLAN of its bridge), so a tenant asking for it would share
/// a segment with every untagged guest.
/// </summary>
public static class VlanIds
{
    public const int Min = 1;

    /// <summary>The highest VLAN a request may name: the one below <see cref="Native"/>.</summary>
    public const int Max = Native - 1;

    /// <summary>
    /// The VLAN untagged VM ports are put on (the default of <c>Agent:UntaggedVlan</c>). 4094 rather than 1: VLAN 1 is
    /// the default (and often management) VLAN of physical switches, while 4094 is the top of the usable range, the one
    /// operators least often hand out.
    /// </summary>
    public const int Native = 4094;

    /// <summary>What is wrong with <paramref name="vlan"/> as a request's VLAN, or null when nothing is.</summary>
    public static string? Problem(int vlan) => vlan switch
    {
        Native => $"{Native} is reserved: it is the native VLAN that untagged VM ports are put on; use {Min} to {Max}",
        < Min or > Max => $"must be a whole number from {Min} to {Max}",
        _ => null,
    };
}
