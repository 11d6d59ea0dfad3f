namespace Provisioning.Agent.Drivers.Ovs;

/// <summary>
/// One port of a bridge and the VLANs it carries: its access <c>tag</c> (null: none), its <c>trunks</c> and its
/// <c>vlan_mode</c> (null: not set, which OVS reads as access with a tag and as trunk without one).
/// </summary>
public sealed record OvsPortVlans(string Name, int? Tag, IReadOnlyList<int> Trunks, string? Mode = null)
{
    /// <summary>True when traffic of <paramref name="vlan"/> goes through this port (tagged, or trunked explicitly).</summary>
    public bool Carries(int vlan) => Tag == vlan || Trunks.Contains(vlan);

    /// <summary>
    /// A port with no tag, no trunks and no mode (or mode <c>trunk</c>): OVS makes it a trunk of every VLAN on its
    /// bridge. It is what libvirt makes of an interface in a portgroup without <c>&lt;vlan&gt;</c>.
    /// </summary>
    public bool TrunksEveryVlan => Tag is null && Trunks.Count == 0 && Mode is null or "trunk";

    /// <summary>
    /// Why this port is not an access port on <paramref name="vlan"/> alone (a tag of that VLAN, no trunks, mode
    /// empty or <c>access</c>), in words for a step's error; null when it is one.
    /// </summary>
    public string? NotAccessOn(int vlan)
    {
        if (TrunksEveryVlan) return $"OVS port {Name} has no VLAN tag: it is a trunk of every VLAN on its bridge, not an access port on VLAN {vlan}";
        if (Mode is not (null or "access")) return $"OVS port {Name} is in vlan_mode {Mode}, not an access port on VLAN {vlan}";
        if (Trunks.Count > 0) return $"OVS port {Name} trunks VLAN(s) {string.Join(",", Trunks)}, not an access port on VLAN {vlan} alone";
        if (Tag != vlan) return $"OVS port {Name} has VLAN tag {Tag?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, not {vlan}";
        return null;
    }
}
