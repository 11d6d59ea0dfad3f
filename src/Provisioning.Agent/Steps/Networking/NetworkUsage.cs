using System.Xml.Linq;

namespace Provisioning.Agent.Steps.Networking;

/// <summary>Which domains' interfaces use a network (and which of its portgroups) or its bridge directly.</summary>
public sealed record NetworkUsage(int NetworkInterfaces, IReadOnlySet<string> Portgroups, int BridgeInterfaces)
{
    public static NetworkUsage None { get; } = new(0, new HashSet<string>(), 0);

    /// <summary>
    /// Reads the interfaces of every given domain XML. An interface without a portgroup uses the
    /// network's default portgroup, named by <paramref name="defaultPortgroup"/>.
    /// </summary>
    public static NetworkUsage Of(IEnumerable<string> domainXmls, string network, string bridge, string defaultPortgroup)
    {
        var onNetwork = 0;
        var onBridge = 0;
        var portgroups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var xml in domainXmls)
        {
            foreach (var iface in XElement.Parse(xml).Elements("devices").Elements("interface"))
            {
                var type = (string?)iface.Attribute("type");
                var source = iface.Element("source");
                if (type == "network" && (string?)source?.Attribute("network") == network)
                {
                    onNetwork++;
                    portgroups.Add((string?)source!.Attribute("portgroup") ?? defaultPortgroup);
                }
                else if (type == "bridge" && (string?)source?.Attribute("bridge") == bridge)
                {
                    onBridge++;
                }
            }
        }
        return new NetworkUsage(onNetwork, portgroups, onBridge);
    }
}
