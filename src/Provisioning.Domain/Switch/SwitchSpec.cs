using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Switch;

/// <summary>
/// A validated provision-switch request: on each of <paramref name="Hosts"/>, the OVS bridge with its optional
/// uplink NIC and the libvirt network <paramref name="Network"/> (by default named like the bridge) with one
/// portgroup per VLAN (plus the untagged default). Every name is safe for XML and argument arrays.
/// </summary>
public sealed record SwitchSpec(IReadOnlyList<string> Hosts, string Bridge, string? Uplink, IReadOnlyList<int> Vlans, string Network)
    : IRequestParameters, IFanOutParameters
{
    /// <summary>The switch's name in lists and summaries: its bridge.</summary>
    public string Name => Bridge;

    /// <summary>Every host, comma-separated: a parent request runs on all of them.</summary>
    public string Host => string.Join(',', Hosts);

    /// <summary>The libvirt portgroups the switch carries, one per VLAN (<c>vlan-100</c>).</summary>
    public IReadOnlyList<string> Portgroups => Vlans.Select(v => Naming.Portgroup(v)).ToList();

    public IReadOnlyDictionary<string, string> ToParameters()
    {
        var p = new Dictionary<string, string>
        {
            ["hosts"] = ListRules.Join(Hosts),
            ["bridge"] = Bridge,
            ["vlans"] = ListRules.Join(Vlans),
            ["network"] = Network,
        };
        if (Uplink is { } uplink) p["uplink"] = uplink;
        return p;
    }

    public IReadOnlyDictionary<string, string> ForHost(string host) => (this with { Hosts = [host] }).ToParameters();

    /// <summary>Reads the wire form back, re-checking every rule; throws <see cref="ArgumentException"/> naming the bad fields.</summary>
    public static SwitchSpec FromParameters(IReadOnlyDictionary<string, string> parameters)
    {
        var errors = new Dictionary<string, string[]>();
        return FieldRules.OrThrow(SwitchRules.Parse(parameters, errors), ParameterSets.ProvisionSwitch, errors);
    }
}
