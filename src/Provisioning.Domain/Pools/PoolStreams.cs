using System.Security.Cryptography;
using System.Text;

namespace Provisioning.Domain.Pools;

/// <summary>
/// Where a pool's events live: one stream per pool name, its id derived from the name, so defining, removing and
/// defining a pool again is one history, and two admins defining one name at once meet on one stream.
/// </summary>
public static class PoolStreams
{
    /// <summary>The key of a pool name: lower case, as leases and lookups compare it.</summary>
    public static string KeyOf(string name) => name.ToLowerInvariant();

    /// <summary>The stream id of the pool named <paramref name="name"/> (a name-based UUID, version 8).</summary>
    public static Guid IdOf(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("provisioning:pool:" + KeyOf(name)));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
