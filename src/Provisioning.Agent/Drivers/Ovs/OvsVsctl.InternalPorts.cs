using System.Globalization;

namespace Provisioning.Agent.Drivers.Ovs;

public sealed partial class OvsVsctl
{
    /// <summary>
    /// Adds an internal port (a host interface on the bridge), as an access port of <paramref name="vlan"/> when
    /// given, with external ids on its interface, in one transaction. An existing port is left as it is.
    /// </summary>
    public Task AddInternalPort(string bridge, string port, int? vlan, IReadOnlyDictionary<string, string> interfaceExternalIds, CancellationToken ct = default)
    {
        CheckName(bridge, nameof(bridge));
        CheckName(port, nameof(port));
        List<string> args = ["--may-exist", "add-port", bridge, port];
        if (vlan is { } tag) args.Add("tag=" + tag.ToString(CultureInfo.InvariantCulture));
        args.AddRange(["--", "set", "interface", port, "type=internal"]);
        foreach (var (key, value) in interfaceExternalIds)
        {
            CheckKey(key);
            args.Add($"external_ids:{key}={Quote(value)}");
        }
        return Run(args, ct);
    }

    /// <summary>The <c>external_ids</c> of the interface of this name; empty when there is none.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetInterfaceExternalIds(string iface, CancellationToken ct = default)
    {
        CheckName(iface, nameof(iface));
        var rows = await Query(["--columns=external_ids", "find", "Interface", $"name={Quote(iface)}"], ct);
        return rows.Count == 0 ? new Dictionary<string, string>() : AsMap(rows[0][0]);
    }

    /// <summary>Removes one key from the interface's <c>external_ids</c>; an absent key is fine.</summary>
    public Task RemoveInterfaceExternalId(string iface, string key, CancellationToken ct = default)
    {
        CheckName(iface, nameof(iface));
        CheckKey(key);
        return Run(["--if-exists", "remove", "Interface", iface, "external_ids", key], ct);
    }
}
