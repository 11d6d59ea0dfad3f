using Provisioning.Domain.Vm;
using Provisioning.Domain.Workflows;

namespace Provisioning.Domain.Switch;

/// <summary>
/// A validated change-switch-vlans request: on each of <paramref name="Hosts"/>, the switch's libvirt network
/// <paramref name="Network"/> over <paramref name="Bridge"/> gains a portgroup per VLAN in <paramref name="Add"/>
/// and loses the one of each VLAN in <paramref name="Remove"/> (refused while a port uses it).
/// </summary>
public sealed record VlanChange(IReadOnlyList<string> Hosts, string Bridge, string Network, IReadOnlyList<int> Add, IReadOnlyList<int> Remove)
    : IRequestParameters, IFanOutParameters
{
    /// <summary>The switch's name in lists and summaries: its bridge.</summary>
    public string Name => Bridge;

    /// <summary>Every host, comma-separated: a parent request runs on all of them.</summary>
    public string Host => string.Join(',', Hosts);

    public IReadOnlyDictionary<string, string> ToParameters() => new Dictionary<string, string>
    {
        ["hosts"] = ListRules.Join(Hosts),
        ["bridge"] = Bridge,
        ["network"] = Network,
        ["add"] = ListRules.Join(Add),
        ["remove"] = ListRules.Join(Remove),
    };

    public IReadOnlyDictionary<string, string> ForHost(string host) => (this with { Hosts = [host] }).ToParameters();

    /// <summary>Reads the wire form back, re-checking every rule; throws <see cref="ArgumentException"/> naming the bad fields.</summary>
    public static VlanChange FromParameters(IReadOnlyDictionary<string, string> parameters)
    {
        var errors = new Dictionary<string, string[]>();
        return FieldRules.OrThrow(VlanChangeRules.Parse(parameters, errors), ParameterSets.ChangeSwitchVlans, errors);
    }
}
