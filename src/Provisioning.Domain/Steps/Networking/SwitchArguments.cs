using System.Text.Json.Serialization;
using Provisioning.Domain.Vm;

namespace Provisioning.Domain.Steps.Networking;

/// <summary>
/// A switch on one host: the OVS bridge (with an optional uplink NIC) and the libvirt network <paramref name="Network"/>
/// on it with one portgroup per VLAN (plus the untagged default). A VM's bridge is the same thing with at most one VLAN.
/// </summary>
public sealed record SwitchArguments(string Bridge, string Network, string? Uplink, IReadOnlyList<int> Vlans)
    : IStepArguments, IBridgeArguments<SwitchArguments>
{
    /// <summary>The portgroups the switch carries, one per VLAN (<c>vlan-100</c>).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Portgroups => (Vlans ?? []).Select(v => Naming.Portgroup(v)).ToList();

    public IReadOnlyDictionary<string, string[]> Problems() => new Checks()
        .Interface("bridge", Bridge)
        .Name("network", Network)
        .OptionalInterface("uplink", Uplink)
        .That(Uplink is null || Uplink != Bridge, "uplink", "must differ from the bridge")
        .Vlans("vlans", Vlans)
        .Result;

    public SwitchArguments WithBridgePrefix(string prefix) => this with { Bridge = prefix + Bridge, Network = prefix + Network };
}
