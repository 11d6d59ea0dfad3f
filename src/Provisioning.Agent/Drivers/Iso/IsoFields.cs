using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Provisioning.Agent.Drivers.Iso;

/// <summary>The field encodings of ISO 9660 (ECMA-119 section 7 and 8.4.26, 9.1.5).</summary>
internal static class IsoFields
{
    /// <summary>A 32-bit number little-endian then big-endian ("both-byte order", 8 bytes).</summary>
    public static void Both32(Span<byte> at, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(at, value);
        BinaryPrimitives.WriteInt32BigEndian(at[4..], value);
    }

    /// <summary>A 16-bit number in both byte orders (4 bytes).</summary>
    public static void Both16(Span<byte> at, short value)
    {
        BinaryPrimitives.WriteInt16LittleEndian(at, value);
        BinaryPrimitives.WriteInt16BigEndian(at[2..], value);
    }

    /// <summary>Text padded with spaces to the field's length: ASCII in the primary descriptor, UCS-2 big-endian in Joliet's.</summary>
    public static void Text(Span<byte> field, string text, bool joliet)
    {
        var bytes = joliet ? Encoding.BigEndianUnicode.GetBytes(text) : Encoding.ASCII.GetBytes(text);
        if (bytes.Length > field.Length) throw new ArgumentException($"'{text}' does not fit a {field.Length}-byte field", nameof(text));
        var space = joliet ? Encoding.BigEndianUnicode.GetBytes(" ") : [(byte)' '];
        for (var i = 0; i < field.Length; i++) field[i] = space[i % space.Length];
        bytes.CopyTo(field);
    }

    /// <summary>A volume descriptor's date and time: 16 ASCII digits and the offset from UTC in 15-minute steps (17 bytes).</summary>
    public static void LongDate(Span<byte> at, DateTimeOffset? time)
    {
        if (time is not { } t)
        {
            // "Not specified": all digits zero, offset zero.
            Encoding.ASCII.GetBytes(new string('0', 16)).CopyTo(at);
            at[16] = 0;
            return;
        }
        var digits = t.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (t.Millisecond / 10).ToString("00", CultureInfo.InvariantCulture);
        Encoding.ASCII.GetBytes(digits).CopyTo(at);
        at[16] = (byte)(sbyte)(t.Offset.TotalMinutes / 15);
    }

    /// <summary>A directory record's date and time: years since 1900, month, day, hour, minute, second, offset (7 bytes).</summary>
    public static void ShortDate(Span<byte> at, DateTimeOffset t)
    {
        at[0] = (byte)(t.Year - 1900);
        at[1] = (byte)t.Month;
        at[2] = (byte)t.Day;
        at[3] = (byte)t.Hour;
        at[4] = (byte)t.Minute;
        at[5] = (byte)t.Second;
        at[6] = (byte)(sbyte)(t.Offset.TotalMinutes / 15);
    }
}
