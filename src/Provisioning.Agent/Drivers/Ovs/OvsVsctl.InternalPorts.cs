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
}
