using System.Buffers.Binary;

namespace Provisioning.Engine.Audit;

/// <summary>
/// Where a newest-first page ended: the sort key of its last row, (timestamp, id, version). Audit entries sort
/// on (timestamp, request id, version), so that the events of one write keep their order; host activities on
/// (dispatched at, command id) with version 0. Sent to clients as an opaque URL-safe token; the next page
/// starts strictly after it, so rows are never repeated or skipped however many are added meanwhile.
/// </summary>
public readonly record struct KeysetCursor(DateTimeOffset Timestamp, Guid Id, long Version = 0)
{
    private const byte FormatVersion = 1;
    private const int Length = 1 + 8 + 16 + 8;

    /// <summary>The opaque token.</summary>
    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], Timestamp.UtcTicks);
        Id.TryWriteBytes(bytes[9..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes[25..], Version);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a token made by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryDecode(string? token, out KeysetCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(token) || token.Length > 64) return false;
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        Span<byte> bytes = stackalloc byte[48];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != Length || bytes[0] != FormatVersion) return false;
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        var version = BinaryPrimitives.ReadInt64BigEndian(bytes[25..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || version < 0) return false;
        cursor = new KeysetCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[9..25]), version);
        return true;
    }
}
