namespace Provisioning.Agent.Drivers.Ovs;

/// <summary>One port of a bridge and the VLANs it carries: its access <c>tag</c> (null: none) and its <c>trunks</c>.</summary>
public sealed record OvsPortVlans(string Name, int? Tag, IReadOnlyList<int> Trunks)
{
    /// <summary>True when traffic of <paramref name="vlan"/> goes through this port (tagged, or trunked explicitly).</summary>
    public bool Carries(int vlan) => Tag == vlan || Trunks.Contains(vlan);
}
