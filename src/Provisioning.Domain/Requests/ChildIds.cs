using System.Security.Cryptography;
using System.Text;

namespace Provisioning.Domain.Requests;

/// <summary>
/// The id of a parent's child request on a host: a name-based UUID of the parent id and the host (case-insensitive),
/// so a repeated or replayed start finds the child it already made instead of starting a second one.
/// </summary>
public static class ChildIds
{
    public static Guid Of(Guid parentId, string host)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"provisioning:child:{parentId:D}:{host.ToLowerInvariant()}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5 (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
