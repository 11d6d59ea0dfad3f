using System.Buffers.Binary;
using Provisioning.Domain.Images;

namespace Provisioning.Agent.Steps.Images;

/// <summary>
/// What an image file is, from its first bytes: qcow2 (its header names the virtual size and any backing file) or, for
/// anything else, raw (its size is the file's). Read by the agent itself rather than by probing with a tool, so a
/// downloaded file is never handed to one before it is known.
/// </summary>
/// <param name="BackingFile">True when a qcow2 names a backing file: such an image depends on a file of the host, refused.</param>
public sealed record ImageHeader(string Format, long VirtualSizeBytes, bool BackingFile)
{
    // "QFI" and 0xfb: every qcow2 file starts so.
    private static ReadOnlySpan<byte> Qcow2Magic => [0x51, 0x46, 0x49, 0xFB];

    /// <summary>Reads the header of the file at <paramref name="path"/>.</summary>
    public static ImageHeader Read(string path)
    {
        using var file = File.OpenRead(path);
        var head = new byte[32];
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Of(head.AsSpan(0, read), file.Length);
    }

    /// <summary>The header of a file of <paramref name="length"/> bytes that starts with <paramref name="head"/> (pure).</summary>
    public static ImageHeader Of(ReadOnlySpan<byte> head, long length)
    {
        if (head.Length < 32 || !head[..4].SequenceEqual(Qcow2Magic)) return new ImageHeader(ImageFormats.Raw, length, false);
        var backingOffset = BinaryPrimitives.ReadUInt64BigEndian(head[8..16]);
        var size = BinaryPrimitives.ReadUInt64BigEndian(head[24..32]);
        return new ImageHeader(ImageFormats.Qcow2, (long)Math.Min(size, long.MaxValue), backingOffset != 0);
    }
}
