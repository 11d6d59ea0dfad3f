using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Provisioning.Agent.Steps.Boot;

/// <summary>Reads the guest agent's answers (<c>guest-network-get-interfaces</c>, <c>guest-get-host-name</c>) and judges them.</summary>
public static class GuestInterfaces
{
    /// <summary>
    /// Why the guest is not up yet, or null when it is: its NIC holds the expected address (or, without one, any
    /// IPv4 address) and it calls itself by the VM's name, which cloud-init sets from the seed. Host names are compared
    /// as a resolver would: without case, by their first labels when either is dotted (cloud-init makes <c>web01.lab</c>
    /// the host <c>web01</c>, and a guest may add its domain), and with only the characters a host name may hold (VM
    /// names allow <c>_</c>, which systemd's hostnamectl drops).
    /// </summary>
    public static string? NotReadyBecause(IReadOnlyList<string> addresses, string? hostName, string name, string? expected)
    {
        if (addresses.Count == 0) return "the guest agent answers, but the NIC has no IPv4 address yet";
        if (expected is not null && !addresses.Contains(expected)) return $"the guest reports {string.Join(", ", addresses)}, not {expected}";
        static string FirstLabel(string n) => string.Concat(n.Split('.')[0].Where(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
        var named = !string.IsNullOrEmpty(hostName) && string.Equals(FirstLabel(hostName), FirstLabel(name), StringComparison.OrdinalIgnoreCase);
        return named ? null : $"the guest holds {string.Join(", ", addresses)} but calls itself '{hostName}', not {name}";
    }

    /// <summary>The name in a <c>guest-get-host-name</c> answer (<c>{"host-name": "web01"}</c>); null when it has none.</summary>
    public static string? HostNameOf(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("host-name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;

    /// <summary>
    /// The IPv4 addresses of the guest's NIC with this MAC (link-local ones left out: they say nothing about the
    /// network). Empty when the NIC is not there or has none yet.
    /// </summary>
    public static IReadOnlyList<string> Ipv4Of(JsonElement interfaces, string mac)
    {
        if (interfaces.ValueKind != JsonValueKind.Array) return [];
        var found = new List<string>();
        foreach (var nic in interfaces.EnumerateArray())
        {
            if (!nic.TryGetProperty("hardware-address", out var hw) || !string.Equals(hw.GetString(), mac, StringComparison.OrdinalIgnoreCase)) continue;
            if (!nic.TryGetProperty("ip-addresses", out var addresses) || addresses.ValueKind != JsonValueKind.Array) continue;
            foreach (var address in addresses.EnumerateArray())
            {
                if (address.TryGetProperty("ip-address-type", out var type) && type.GetString() == "ipv4"
                    && address.TryGetProperty("ip-address", out var ip) && IPAddress.TryParse(ip.GetString(), out var parsed)
                    && parsed.AddressFamily == AddressFamily.InterNetwork && !IsLinkLocal(parsed))
                {
                    found.Add(parsed.ToString());
                }
            }
        }
        return found;
    }

    private static bool IsLinkLocal(IPAddress ip) => ip.GetAddressBytes() is [169, 254, ..];
}
