using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Provisioning.Agent.Steps.Boot;

/// <summary>Reads the guest agent's <c>guest-network-get-interfaces</c> answer.</summary>
public static class GuestInterfaces
{
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
