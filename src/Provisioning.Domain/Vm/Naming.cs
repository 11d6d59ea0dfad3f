using System.Security.Cryptography;
using System.Text;

namespace Provisioning.Domain.Vm;

/// <summary>
/// Names and identities derived from a request, in one place, so a retry (or a restarted agent)
/// finds exactly what an earlier attempt made instead of making a second one.
/// </summary>
public static class Naming
{
    /// <summary>The libvirt domain UUID of a request's VM: a name-based (v5-style) UUID of the request id.</summary>
    public static Guid DomainUuid(Guid requestId) => Derive("domain", requestId);

    /// <summary>The OVS interface id (<c>external_ids:iface-id</c>) of a request's NIC: the request id itself.</summary>
    public static string InterfaceId(Guid requestId) => requestId.ToString("D");

    /// <summary>A locally administered MAC in QEMU's 52:54:00 range, derived from the request id.</summary>
    public static string Mac(Guid requestId)
    {
        var b = SHA256.HashData(Encoding.UTF8.GetBytes("mac:" + requestId.ToString("D")));
        return $"52:54:00:{b[0]:x2}:{b[1]:x2}:{b[2]:x2}";
    }

    /// <summary>
    /// The disk volume of a request's VM in the agent's storage pool. The request id in the name makes
    /// ownership provable after a crash: a volume of this name was made by this request and no other.
    /// </summary>
    public static string VolumeName(string vmName, Guid requestId) => $"{vmName}-{requestId:N}.qcow2";

    /// <summary>
    /// The cloud-init seed (a NoCloud ISO 9660 image) of a request's VM, in the same pool as its disk. create-seed
    /// makes it, define-domain attaches it, decommission deletes it: all three derive it here, and the request id
    /// in it proves it is this request's, like <see cref="VolumeName"/>.
    /// </summary>
    public static string SeedVolumeName(string vmName, Guid requestId) => $"{vmName}-{requestId:N}-seed.iso";


    /// <summary>
    /// The host's gateway port for a bridge's VLAN (an OVS internal port, so a Linux interface: at most 15 characters).
    /// The bridge goes in as a short hash so that two bridges with the same VLAN get two ports.
    /// </summary>
    public static string GatewayPort(string bridge, int? vlan)
    {
        var b = SHA256.HashData(Encoding.UTF8.GetBytes("gateway:" + bridge));
        return $"gw{vlan?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "u"}-{b[0]:x2}{b[1]:x2}";
    }

    /// <summary>The libvirt portgroup of a VLAN (the seed estate's convention), or the untagged default.</summary>
    public static string Portgroup(int? vlan) => vlan is { } v ? $"vlan-{v}" : "no-vlan";

    private static Guid Derive(string purpose, Guid requestId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"provisioning:{purpose}:{requestId:D}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5 (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
