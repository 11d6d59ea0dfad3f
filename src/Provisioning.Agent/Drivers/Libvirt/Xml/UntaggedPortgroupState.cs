namespace Provisioning.Agent.Drivers.Libvirt;

/// <summary>What a network's default portgroup <c>no-vlan</c> is (<see cref="NetworkXml.UntaggedState"/>).</summary>
public enum UntaggedPortgroupState
{
    /// <summary>The network has no <c>no-vlan</c> (made by hand, or by a VM request that needed only a VLAN).</summary>
    Missing,

    /// <summary>
    /// No <c>&lt;vlan&gt;</c>: made by an earlier version (or by hand). Its interfaces are trunks of every VLAN of the
    /// bridge; the agent migrates it to <see cref="Native"/>.
    /// </summary>
    Untagged,

    /// <summary>It tags the host's native VLAN alone: what this version makes.</summary>
    Native,

    /// <summary>It tags something else (another VLAN, a trunk): someone's deliberate choice, which the agent does not overrule.</summary>
    Other,
}
