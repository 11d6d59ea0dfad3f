using System.Buffers.Binary;
using System.Net;

namespace Provisioning.Domain.Pools;

/// <summary>IPv4 addresses as numbers, so ranges and networks are arithmetic.</summary>
internal static class Ipv4
{
    public static uint ToNumber(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    public static IPAddress ToAddress(uint number)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, number);
        return new IPAddress(bytes);
    }

    /// <summary>The netmask of a prefix length (0 to 32).</summary>
    public static uint Mask(int prefixLength) => prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);
}
